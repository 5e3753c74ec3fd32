import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { earnCertificate } from '../certificates/earn';
import { answerQuiz } from '../quiz/answer';
import { expect, formHeaders, goodPassword, login, register, test } from '../fixtures';

async function submit(page: Page, button: RegExp) {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		page.getByRole('button', { name: button }).click()
	]);
	return response;
}

async function downloadData(page: Page, link: RegExp) {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: link }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^lernpfad-data-\d{4}-\d{2}-\d{2}\.json$/);
	return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

test.describe('in German, with JavaScript', () => {
	test.use({ locale: 'de-CH' });
	test('download my data, then delete the account and revoke the certificate', async ({
		page,
		context
	}) => {
		test.setTimeout(360_000);
		const { email, code } = await earnCertificate(page, 'Greta Gründlich');
		await page.goto('/settings');
		const data = await downloadData(page, /Meine Daten herunterladen/);
		expect(data.profile).toMatchObject({ email, name: 'Greta Gründlich' });
		expect(data.progress.length).toBeGreaterThan(0);
		expect(data.certificate).toMatchObject({ code, nameOnCertificate: 'Greta Gründlich' });
		// Answers in words, in the learner's language; no ids, HMAC values or secrets.
		const first = data.attempts[0].questions[0];
		expect(typeof first.prompt).toBe('string');
		expect(first.answer).toBeDefined();
		expect(JSON.stringify(data)).not.toMatch(/passwordHash|argon2|"secret"|"seed"|statusIndex/);

		await page.getByRole('link', { name: /Mein Konto löschen/ }).click();
		await expect(page.getByRole('heading', { name: 'Konto löschen', level: 1 })).toBeVisible();
		await expect(page.locator('main')).toContainText('bleibt gültig');
		await page.getByLabel('Aktuelles Passwort').fill('falsches-passwort');
		await page.getByRole('button', { name: 'Mein Konto endgültig löschen' }).click();
		await expect(page.locator('main')).toContainText('Das aktuelle Passwort ist falsch.');

		await page.getByLabel('Aktuelles Passwort').fill(goodPassword);
		await page.getByLabel('Mein Zertifikat ebenfalls widerrufen').check();
		await page.getByRole('button', { name: 'Mein Konto endgültig löschen' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Dein Konto ist gelöscht. Danke, dass du mit Lernpfad gelernt hast.'
		);
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
		expect((await context.cookies()).find((c) => c.name === 'lernpfad_session')).toBeUndefined();
		// Shown once.
		await page.reload();
		await expect(page.getByText('Dein Konto ist gelöscht.')).toHaveCount(0);

		await page.goto(`/certificates/${code}`);
		await expect(page.getByRole('heading', { name: /widerrufen/i, level: 2 })).toBeVisible();
		await expect(page.locator('main')).not.toContainText('Greta Gründlich');

		await login(page, email, goodPassword);
		await expect(page.getByRole('alert')).toContainText(/falsch/);
		await register(page, { name: 'Greta Neu', email });
	});
});

test.describe('in English, without JavaScript', () => {
	test.use({ locale: 'en-US', javaScriptEnabled: false });
	test('bad input gets a 4xx in English; the right password deletes the account', async ({
		page,
		request,
		baseURL
	}) => {
		const { email } = await register(page, { name: 'Nora Nojs' });
		await page.goto('/learn/kvm');
		await answerQuiz(page, 'kvm', false, undefined, { js: false });
		await page.getByRole('button', { name: 'Submit answers' }).click();
		await page.waitForURL(/\?attempt=/);

		const response = await page.request.get('/settings/export');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/json; charset=utf-8');
		expect(response.headers()['content-disposition']).toMatch(
			/^attachment; filename="lernpfad-data-\d{4}-\d{2}-\d{2}\.json"$/
		);
		expect(response.headers()['cache-control']).toBe('no-store');
		const data = await response.json();
		expect(data.profile.email).toBe(email);
		expect(data.attempts[0]).toMatchObject({ lesson: 'kvm', passed: false });
		// Not passed: the export holds no key and no explanation, like the result page.
		expect(data.attempts[0].questions.every((q: object) => !('solution' in q))).toBe(true);
		const anonymous = await request.get('/settings/export', { maxRedirects: 0 });
		expect(anonymous.status()).toBe(303);
		expect(anonymous.headers().location).toMatch(/^\/login\?next=/);

		await page.goto('/settings');
		await page.getByRole('link', { name: /Delete my account/ }).click();
		await expect(
			page.getByRole('heading', { name: 'Delete your account', level: 1 })
		).toBeVisible();
		await expect(page.getByLabel(/revoke my certificate/)).toHaveCount(0);
		let posted = await submit(page, /Delete my account for good/);
		expect(posted.status()).toBe(400);
		await expect(page.locator('main')).toContainText('Please fill in this field.');
		await page.getByLabel('Current password').fill('not-my-password');
		posted = await submit(page, /Delete my account for good/);
		expect(posted.status()).toBe(400);
		await expect(page.locator('main')).toContainText('The current password is incorrect.');

		// A crafted post: an odd checkbox value is refused with a message, not a 500.
		const cookies = await page.context().cookies();
		const session = cookies.find((c) => c.name === 'lernpfad_session')!.value;
		const crafted = await request.post('/settings/delete', {
			headers: { ...formHeaders(baseURL), cookie: `lernpfad_session=${session}` },
			form: { password: goodPassword, revoke: 'yes please' },
			maxRedirects: 0
		});
		expect(crafted.status()).toBe(400);
		expect(await crafted.text()).toContain('This choice is not valid.');

		await page.getByLabel('Current password').fill(goodPassword);
		posted = await submit(page, /Delete my account for good/);
		expect(posted.status()).toBe(303);
		await expect(page.getByRole('status')).toHaveText(
			'Your account has been deleted. Thank you for learning with Lernpfad.'
		);
		await page.goto('/settings');
		await expect(page).toHaveURL(/\/login\?next=%2Fsettings/);
		await register(page, { name: 'Nora Again', email });
	});
});
