import { expect, formHeaders, goodPassword, register, test, uniqueEmail } from '../fixtures';

test('a cross-origin form POST is refused', async ({ request }) => {
	const response = await request.post('/login', {
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		form: { email: 'a@example.com', password: goodPassword }
	});
	expect(response.status()).toBe(403);
});

test('pages carry CSP without inline scripts, frame-ancestors none, nosniff and a referrer policy', async ({
	request
}) => {
	const response = await request.get('/login');
	const csp = response.headers()['content-security-policy'];
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toMatch(/script-src 'self' 'nonce-/);
	expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	expect(response.headers()['x-content-type-options']).toBe('nosniff');
	expect(response.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('20 wrong passwords get 429 with Retry-After; the throttle is per account', async ({
	page,
	request,
	baseURL
}) => {
	const { email } = await register(page);
	const statuses: number[] = [];
	let retryAfter: string | undefined;
	for (let i = 0; i < 20; i++) {
		// A different client address each time: the per-account limit still holds.
		const response = await request.post('/login', {
			headers: formHeaders(baseURL, `203.0.113.${i + 1}`),
			form: { email, password: `wrong-password-${i}` }
		});
		statuses.push(response.status());
		if (response.status() === 429) retryAfter = response.headers()['retry-after'];
	}
	expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
	expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
	expect(Number(retryAfter)).toBeGreaterThan(0);

	const other = await request.post('/login', {
		headers: formHeaders(baseURL, '203.0.113.200'),
		form: { email: uniqueEmail('unrelated'), password: 'wrong-password-x' }
	});
	expect(other.status()).toBe(400);
});

test('healthz answers 200 while the database is reachable', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ status: 'ok' });
});

test('an unknown page gives a friendly 404 without a stack trace', async ({ page }) => {
	const response = await page.goto('/does-not-exist');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		/Diese Seite gibt es nicht|This page does not exist/
	);
	await expect(page.locator('body')).not.toContainText('at ');
});
