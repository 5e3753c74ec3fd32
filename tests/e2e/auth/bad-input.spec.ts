import { expect, formHeaders, goodPassword, register, test, uniqueEmail } from '../fixtures';

// Without JavaScript the form posts natively, so the real HTTP status of a rejected form is visible.
test.use({ javaScriptEnabled: false });

async function submit(page: import('@playwright/test').Page, button: RegExp) {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		page.getByRole('button', { name: button }).click()
	]);
	return response;
}

const registerCases = [
	{
		what: 'empty fields',
		name: '',
		email: '',
		password: '',
		de: 'Bitte fülle dieses Feld aus.',
		en: 'Please fill in this field.'
	},
	{
		what: 'a name that is too long',
		name: 'N'.repeat(101),
		email: uniqueEmail(),
		password: goodPassword,
		de: '1 bis 100 Zeichen',
		en: '1 to 100 characters'
	},
	{
		what: 'an invalid email',
		name: 'Ok',
		email: 'not-an-email',
		password: goodPassword,
		de: 'gültige E-Mail-Adresse',
		en: 'valid email address'
	},
	{
		what: 'a short password',
		name: 'Ok',
		email: uniqueEmail(),
		password: 'kurz',
		de: 'mindestens 8 Zeichen',
		en: 'at least 8 characters'
	},
	{
		what: 'a password over 256 characters',
		name: 'Ok',
		email: uniqueEmail(),
		password: 'x'.repeat(300),
		de: 'höchstens 256 Zeichen',
		en: 'at most 256 characters'
	},
	{
		what: 'a common password',
		name: 'Ok',
		email: uniqueEmail(),
		password: 'password123',
		de: 'zu verbreitet',
		en: 'too common'
	}
];

for (const lang of ['de', 'en'] as const) {
	test.describe(`register rejects bad input (${lang})`, () => {
		test.use({ locale: lang === 'de' ? 'de-DE' : 'en-US' });
		for (const c of registerCases) {
			test(c.what, async ({ page }) => {
				await page.goto('/register');
				// Bypass the browser's own limits: the server must refuse what a crafted request sends.
				await page
					.locator('input')
					.evaluateAll((els) => els.forEach((e) => e.removeAttribute('maxlength')));
				await page.getByLabel(/^Name$/).fill(c.name);
				await page.getByLabel(/E-Mail-Adresse|Email address/).fill(c.email);
				await page.getByLabel(/^(Passwort|Password)$/).fill(c.password);
				const response = await submit(page, /Konto anlegen|Create account/);
				expect(response.status()).toBe(400);
				await expect(page.locator('main')).toContainText(c[lang]);
				await expect(page.getByLabel(/^Name$/)).toHaveValue(c.name);
			});
		}
	});
}

test('login rejects empty fields and wrong credentials with 400', async ({ page }) => {
	await page.goto('/login');
	let response = await submit(page, /^(Anmelden|Sign in)$/);
	expect(response.status()).toBe(400);
	await expect(page.locator('main')).toContainText(
		/Bitte fülle dieses Feld aus|Please fill in this field/
	);

	await page.getByLabel(/E-Mail-Adresse|Email address/).fill(uniqueEmail('ghost'));
	await page.getByLabel(/^(Passwort|Password)$/).fill('irgendein-passwort');
	response = await submit(page, /^(Anmelden|Sign in)$/);
	expect(response.status()).toBe(400);
	await expect(page.getByRole('alert')).toContainText(/falsch|incorrect/);
});

test.describe('settings', () => {
	test.use({ locale: 'en-US' });
	test('reject bad input with 400 and keep what was saved', async ({ page }) => {
		const { name } = await register(page, { name: 'Kept Name' });
		await page.goto('/settings');

		await page.getByLabel('Name').fill('   ');
		let response = await submit(page, /Save profile/);
		expect(response.status()).toBe(400);
		await expect(page.locator('main')).toContainText('Please fill in this field.');

		await page
			.getByRole('region', { name: 'Change password' })
			.getByLabel('Current password')
			.fill('wrong-current-password');
		await page.getByLabel('New password').fill('Another-good-passphrase');
		response = await submit(page, /^Change password$/);
		expect(response.status()).toBe(400);
		await expect(page.locator('main')).toContainText('The current password is incorrect.');

		await page
			.getByRole('region', { name: 'Change password' })
			.getByLabel('Current password')
			.fill(goodPassword);
		await page.getByLabel('New password').fill('short');
		response = await submit(page, /^Change password$/);
		expect(response.status()).toBe(400);
		await expect(page.locator('main')).toContainText('at least 8 characters');

		await page.goto('/settings');
		await expect(page.getByLabel('Name')).toHaveValue(name);
	});
});

test('wrong types and unknown languages are refused with 4xx, never 500', async ({
	page,
	request,
	baseURL
}) => {
	await register(page);
	const headers = formHeaders(baseURL, '203.0.113.77');
	// A file where text belongs.
	const multipart = await request.post('/register', {
		headers,
		multipart: {
			name: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('x') },
			email: 'a@b.ch',
			password: goodPassword
		}
	});
	expect(multipart.status()).toBe(400);
	const language = await page.request.post('/language', {
		headers,
		form: { locale: 'fr', redirectTo: '/' }
	});
	expect(language.status()).toBe(400);
	expect(await language.text()).toMatch(/Sprachen|languages/);
	const settings = await page.request.post('/settings?/language', {
		headers,
		form: { locale: 'xx' }
	});
	expect(settings.status()).toBe(400);
});

// M1: Kit threw a plain Error for `?/default` and called Object.prototype members by name (500s).
test('action names that are no action get 404 with a message, never 500', async ({
	request,
	baseURL
}) => {
	const headers = { ...formHeaders(baseURL, '203.0.113.78'), 'accept-language': 'en' };
	const names = ['default', '__proto__', 'hasOwnProperty', 'valueOf', 'constructor'];
	const pages = ['/login', '/register', '/forgot', '/join', '/certificates/verify'];
	for (const path of pages) {
		for (const name of names) {
			const response = await request.post(`${path}?/${name}`, {
				headers,
				form: { x: '1' },
				maxRedirects: 0
			});
			expect(response.status(), `${path}?/${name}`).toBe(404);
			expect(await response.text()).toContain('This form action does not exist.');
		}
	}
	// With JSON, as the enhanced form asks: the same 404.
	const json = await request.post('/login?/toLocaleString', {
		headers: { ...headers, accept: 'application/json', 'x-sveltekit-action': 'true' },
		form: { x: '1' }
	});
	expect(json.status()).toBe(404);
});
