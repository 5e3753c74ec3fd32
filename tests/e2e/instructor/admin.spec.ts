import { expect, test } from '../fixtures';
import { actor, setRoleViaAdmin } from './world';

test('an admin finds users, changes roles and disables an account, ending its sessions at once', async ({
	browser
}) => {
	const admin = await actor(browser, 'admin');
	const user = await actor(browser, 'new', 'Dora Disabled');

	await admin.page.goto(`/admin?q=${encodeURIComponent('dora')}`);
	await expect(admin.page.locator('tbody tr', { hasText: user.email })).toHaveCount(1);
	// axe: tests/e2e/walk/layout.spec.ts checks /admin (in German, in both widths and schemes).

	await setRoleViaAdmin(admin.page, user.email, 'instructor');
	await user.page.goto('/instructor');
	await expect(user.page.getByRole('heading', { level: 1 })).toHaveText('Teaching');
	await setRoleViaAdmin(admin.page, user.email, 'learner');
	expect((await user.page.goto('/instructor'))?.status()).toBe(403);

	await admin.page.goto(`/admin?q=${encodeURIComponent(user.email)}`);
	await admin.page.getByRole('button', { name: `Disable account: ${user.name}` }).click();
	await expect(admin.page.getByRole('status')).toContainText('all sessions are ended');
	await user.page.goto('/settings');
	await expect(user.page).toHaveURL(/\/login\?next=%2Fsettings/);

	await admin.page.getByRole('button', { name: `Enable account: ${user.name}` }).click();
	await expect(admin.page.getByRole('status')).toContainText('is active again');
	await admin.context.close();
	await user.context.close();
});

test('an admin cannot change their own role, and bad role values are refused with 400', async ({
	browser,
	baseURL
}) => {
	const admin = await actor(browser, 'admin');
	const user = await actor(browser, 'new', 'Rita Role');
	await admin.page.goto(`/admin?q=${encodeURIComponent(user.email)}`);
	const userId = await admin.page.locator('tbody tr input[name="userId"]').first().inputValue();
	const headers = { origin: new URL(baseURL!).origin, accept: 'text/html' };
	const bad = await admin.page.request.post('/admin?/role', {
		headers,
		form: { userId, role: 'superuser' }
	});
	expect(bad.status()).toBe(400);
	expect(await bad.text()).toContain('Please choose a valid role.');
	const unknown = await admin.page.request.post('/admin?/disable', {
		headers,
		form: { userId: 'x'.repeat(5) }
	});
	expect(unknown.status()).toBe(400);
	await admin.page.goto('/admin?q=e2e-root');
	await expect(
		admin.page.locator('tbody tr', { hasText: 'e2e-root@example.com' }).getByRole('combobox')
	).toHaveCount(0);
	await admin.context.close();
	await user.context.close();
});

test('the admin page lists certificates and refuses a revocation without a reason or with a made-up code', async ({
	browser,
	baseURL
}) => {
	const admin = await actor(browser, 'admin');
	await admin.page.goto('/admin?cq=zzzz-no-such');
	await expect(admin.page.getByText('No certificates found.')).toBeVisible();
	const headers = { origin: new URL(baseURL!).origin, accept: 'text/html' };
	const noReason = await admin.page.request.post('/admin?/revoke', {
		headers,
		form: { code: 'a'.repeat(32), reason: '' }
	});
	expect(noReason.status()).toBe(400);
	expect(await noReason.text()).toContain('Please fill in this field.');
	const unknown = await admin.page.request.post('/admin?/revoke', {
		headers,
		form: { code: 'a'.repeat(32), reason: 'Test' }
	});
	expect(unknown.status()).toBe(404);
	await admin.context.close();
});
