import { expect, goodPassword, login, register, test } from '../fixtures';

test.describe('in German', () => {
	test.use({ locale: 'de-CH' });
	test('register → sign out → sign in → change language → change password', async ({
		page,
		context
	}) => {
		const { email } = await register(page, { name: 'Grete Grün' });
		// The header names the account (shown in full on wide screens and in the phone menu).
		await expect(
			page.locator('header').getByText('Angemeldet als Grete Grün').first()
		).toBeAttached();

		await page.getByRole('button', { name: 'Abmelden' }).click();
		await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
		expect((await context.cookies()).find((c) => c.name === 'lernpfad_session')).toBeUndefined();

		await login(page, email, goodPassword);
		await page.waitForURL(/\/learn/);
		// The password was entered right in this browser: it is now a known device of the account (L5).
		const device = (await context.cookies()).find((c) => c.name === 'lernpfad_device');
		expect(device?.httpOnly).toBe(true);
		expect(device?.value).toMatch(/^[a-z2-7]{32}$/);

		// Language: saved on the account, so it wins over Accept-Language from now on.
		await page.goto('/settings');
		await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
		await page.getByRole('button', { name: 'Übernehmen' }).click();
		await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('status')).toHaveText('Your language is saved.');
		await context.clearCookies({ name: 'lernpfad_locale' });
		await page.goto('/settings');
		await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

		// Password change ends the other sessions, keeps this one.
		const other = await context
			.browser()!
			.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.9' } });
		const otherPage = await other.newPage();
		await login(otherPage, email, goodPassword);
		await otherPage.waitForURL(/\/learn/);

		await page
			.getByRole('region', { name: 'Change password' })
			.getByLabel('Current password')
			.fill(goodPassword);
		await page.getByLabel('New password').fill('Ein-ganz-neues-Passwort');
		await page.getByRole('button', { name: 'Change password' }).click();
		await expect(page.getByRole('status')).toContainText('Your password is changed');
		await page.goto('/settings');
		await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

		await otherPage.goto('/settings');
		await expect(otherPage).toHaveURL(/\/login\?next=%2Fsettings/);
		await login(otherPage, email, goodPassword);
		await expect(otherPage.getByRole('alert')).toContainText(/falsch|incorrect/);
		await login(otherPage, email, 'Ein-ganz-neues-Passwort');
		await otherPage.waitForURL(/\/learn/);
		await other.close();
	});
});

test('the session cookie is HttpOnly, SameSite=Lax and Secure; the table holds no usable token', async ({
	page,
	context
}) => {
	await register(page);
	const cookie = (await context.cookies()).find((c) => c.name === 'lernpfad_session');
	expect(cookie).toBeDefined();
	expect(cookie!.httpOnly).toBe(true);
	expect(cookie!.sameSite).toBe('Lax');
	expect(cookie!.secure).toBe(true);
	expect(cookie!.value).toMatch(/^[a-z2-7]{32}$/);
});

test.describe('in English', () => {
	test.use({ locale: 'en-US' });
	test('language switcher keeps the URL and works signed out', async ({ page }) => {
		await page.goto('/login');
		await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
		await page.getByRole('button', { name: 'Deutsch' }).click();
		await expect(page).toHaveURL(/\/login$/);
		await expect(page.getByRole('heading', { name: 'Anmelden', level: 1 })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await expect(page.getByRole('button', { name: 'Deutsch' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
	});
});
