import { expect, formHeaders, register, test } from '../fixtures';

test.use({ locale: 'en-US' });

test('bad input on the new forms gets a 4xx with a message, never a 500', async ({
	page,
	baseURL,
	ip
}) => {
	const headers = { ...formHeaders(baseURL, ip), 'accept-language': 'en' };
	const post = async (path: string, form: Record<string, string>) => {
		const response = await page.request.post(path, { headers, form, maxRedirects: 0 });
		return { status: response.status(), text: await response.text() };
	};

	let r = await post('/forgot', { email: 'not-an-address' });
	expect(r.status).toBe(400);
	expect(r.text).toContain('Please enter a valid email address.');

	r = await post(`/reset/${'a'.repeat(32)}`, { password: 'Ein-gutes-neues-Passwort' });
	expect(r.status).toBe(400);
	expect(r.text).toContain('This link has expired or was already used.');
	r = await post('/reset/not-even-a-token', { password: 'x' });
	expect(r.status).toBe(400);

	r = await post(`/verify/${'b'.repeat(32)}`, {});
	expect(r.status).toBe(400);
	expect(r.text).toContain('This confirmation link has expired or was already used.');

	// Signed in: settings and the confirmation link.
	await register(page);
	r = await post('/settings?/email', { email: 'nope', current: 'whatever' });
	expect(r.status).toBe(400);
	expect(r.text).toContain('Please enter a valid email address.');
	r = await post('/settings?/email', { email: 'new@example.com', current: 'wrong-password' });
	expect(r.status).toBe(400);
	expect(r.text).toContain('The current password is incorrect.');
	r = await post('/settings?/reminders', { reminders: 'sometimes' });
	expect(r.status).toBe(400);
	r = await post('/verify', {});
	expect(r.status).toBe(200);
	expect(r.text).toContain('A new link is on its way.');
});

test('the development outbox does not exist in a build', async ({ request }) => {
	expect((await request.get('/dev/outbox')).status()).toBe(404);
});
