import { E2E_ADMIN } from '../e2e-admin';
import { expect, expectNoAxeViolations, formHeaders, freshIp, login, test } from '../fixtures';
import { earnCertificate } from './earn';

test.use({ locale: 'en-GB' });

test('an admin revokes with a reason; page, PDF, credential and check then say revoked', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(360_000);
	const learner = await earnCertificate(page, 'Revo Kation');
	const jwt = await (await page.request.get(`${learner.url}.jwt`)).text();

	// A learner (here the owner) cannot revoke: 403, and nothing changes.
	const refused = await page.request.post(`${learner.url}?/revoke`, {
		headers: formHeaders(baseURL),
		form: { code: learner.code, reason: 'mine' }
	});
	expect(refused.status()).toBe(403);

	const adminContext = await browser.newContext({
		locale: 'en-GB',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const admin = await adminContext.newPage();
	await login(admin, E2E_ADMIN.email, E2E_ADMIN.password);
	await admin.waitForURL((url) => url.pathname !== '/login');
	await admin.goto(learner.url);
	await admin.getByRole('button', { name: 'Revoke' }).click();
	await expect(admin.locator('#revoke-reason-error')).toHaveText('Please fill in this field.');
	await admin.getByLabel('Reason').fill('Answers copied from another learner');
	await admin.getByRole('button', { name: 'Revoke' }).click();
	await expect(admin.getByRole('heading', { level: 2, name: 'Revoked' })).toBeVisible();
	await expect(admin.getByText('Reason (visible to admins only): Answers copied')).toBeVisible();
	await expectNoAxeViolations(admin);
	await adminContext.close();

	const stranger = await browser.newContext({
		locale: 'en-GB',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const visitor = await stranger.newPage();
	await visitor.goto(learner.url);
	await expect(visitor.getByRole('heading', { level: 2, name: 'Revoked' })).toBeVisible();
	await expect(visitor.getByText(/was revoked on .* and is no longer valid/)).toBeVisible();
	await expect(visitor.locator('main')).not.toContainText('copied');
	await expect(visitor.getByRole('link', { name: 'Certificate as PDF' })).toHaveCount(0);
	await expectNoAxeViolations(visitor);
	for (const file of ['pdf', 'jwt']) {
		const response = await visitor.request.get(`${learner.url}.${file}`);
		expect(response.status(), file).toBe(410);
		expect(await response.text()).toContain('revoked');
	}
	// Opened in the browser: the site's own error page, with the way to the certificate page.
	for (const file of ['pdf', 'jwt']) {
		const response = await visitor.goto(`${learner.url}.${file}`);
		expect(response?.status(), file).toBe(410);
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('No longer available');
		await expect(visitor.locator('main')).toContainText('This certificate was revoked.');
		await expect(visitor.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
		// axe on the first: both are the same error page with the same words.
		if (file === 'pdf') await expectNoAxeViolations(visitor);
		await visitor.getByRole('link', { name: 'Go to the certificate page' }).click();
		await expect(visitor).toHaveURL(learner.url);
	}
	await visitor.getByLabel('Paste the credential').fill(jwt);
	await visitor.getByRole('button', { name: 'Check credential' }).click();
	await expect(visitor.getByRole('status')).toContainText('The credential is not valid.');
	await expect(visitor.getByRole('status')).toContainText('Signature: holds.');
	await expect(visitor.getByRole('status')).toContainText('Status: fails. Revoked on');
	await stranger.close();

	// The learner sees it on /learn, without the reason and without the share links.
	await page.goto('/learn');
	await expect(page.getByText(/Your certificate was revoked on/)).toBeVisible();
	await expect(page.locator('main')).not.toContainText('copied');
	await expect(page.getByRole('link', { name: 'Add to LinkedIn profile' })).toHaveCount(0);
});
