import { expect, formHeaders, goodPassword, register, test } from '../fixtures';

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

test('wrong passwords from one address get 429 after 10, yet the owner signs in from theirs', async ({
	page,
	request,
	baseURL
}) => {
	const { email, password } = await register(page);
	const attacker = '203.0.113.66';
	const statuses: number[] = [];
	let retryAfter: string | undefined;
	for (let i = 0; i < 20; i++) {
		const response = await request.post('/login', {
			headers: formHeaders(baseURL, attacker),
			form: { email, password: `wrong-password-${i}` }
		});
		statuses.push(response.status());
		if (response.status() === 429) retryAfter = response.headers()['retry-after'];
	}
	expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
	expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
	expect(Number(retryAfter)).toBeGreaterThan(0);

	// No lockout for the owner: from their own address the right password works (S7).
	const owner = await request.post('/login', {
		headers: formHeaders(baseURL, '203.0.113.200'),
		form: { email, password },
		maxRedirects: 0
	});
	expect(owner.status()).toBe(303);
});

test('30 parallel wrong passwords: at most 10 are checked, the rest get 429 (S6)', async ({
	page,
	request,
	baseURL
}) => {
	const { email } = await register(page);
	const statuses = await Promise.all(
		Array.from({ length: 30 }, (_, i) =>
			request
				.post('/login', {
					headers: formHeaders(baseURL, '203.0.113.77'),
					form: { email, password: `parallel-guess-${i}` }
				})
				.then((r) => r.status())
		)
	);
	expect(statuses.filter((s) => s === 400)).toHaveLength(10);
	expect(statuses.filter((s) => s === 429)).toHaveLength(20);
});

test('logout refuses cross-origin POSTs of any content type (S10)', async ({ request }) => {
	const variants: Record<string, string>[] = [
		{ origin: 'https://evil.example' },
		{ origin: 'https://evil.example', 'content-type': 'application/json' },
		{ origin: 'https://evil.example', 'content-type': 'text/plain' }
	];
	for (const headers of variants) {
		const response = await request.post('/logout', { headers, data: '{}', maxRedirects: 0 });
		expect(response.status()).toBe(403);
	}
});

test('bad bodies, control characters and odd parameters get 4xx with a message (S3)', async ({
	request,
	baseURL
}) => {
	const html = { ...formHeaders(baseURL), accept: 'text/html' };
	const cases: [string, Parameters<typeof request.post>[1] | undefined, number][] = [
		['/login', { headers: { ...html, 'content-type': 'text/plain' }, data: 'x' }, 415],
		[
			'/login',
			{ headers: { ...html, 'content-type': 'application/x-sveltekit-formdata' }, data: 'x' },
			415
		],
		[
			'/login',
			{ headers: { ...html, 'content-type': 'multipart/form-data; boundary=x' }, data: '--y\r\n' },
			400
		],
		['/login', { headers: html, form: { email: 'a\u0000@example.com', password: 'x' } }, 400]
	];
	for (const [path, options, status] of cases) {
		const response = await request.post(path, options);
		expect(response.status(), JSON.stringify(options)).toBe(status);
		expect(await response.text()).toMatch(/Anfrage|request|Formulardaten|form data|Text|text/);
	}
	for (const path of ['/join/%00', '/learn/kvm?attempt=%00', '/admin?q=%00', '/join/%FF']) {
		expect((await request.get(path)).status(), path).toBe(400);
	}
});

test('redirect targets stay on this site, whatever the encoding (S2)', async ({
	page,
	request,
	baseURL
}) => {
	const { email, password } = await register(page);
	for (const next of [
		'/%09/evil.example',
		'/%0A/evil.example',
		'/%5C/evil.example',
		'//evil.example',
		'/..//evil.example',
		'/%00/x'
	]) {
		const response = await request.post(`/login?next=${next}`, {
			headers: formHeaders(baseURL, '203.0.113.90'),
			form: { email, password },
			maxRedirects: 0
		});
		const status = response.status();
		if (status === 400) continue; // refused outright (a control character in the query)
		expect(status, next).toBe(303);
		const location = response.headers()['location'];
		expect(new URL(location, baseURL).origin, `${next} → ${location}`).toBe(
			new URL(baseURL!).origin
		);
		expect(location, next).not.toMatch(/^\/[/\\]/);
	}
	const language = await request.post('/language', {
		headers: formHeaders(baseURL),
		form: { locale: 'en', redirectTo: '/\t/evil.example' },
		maxRedirects: 0
	});
	expect(language.headers()['location']).toBe('/');
});

test('e-mail link pages are never stored by a cache, also for visitors (I1)', async ({
	request
}) => {
	// They show the account's address to whoever holds the link; a shared cache must not keep it.
	for (const path of [`/reset/${'a'.repeat(32)}`, `/verify/${'b'.repeat(32)}`]) {
		const response = await request.get(path);
		expect(response.status(), path).toBeLessThan(500);
		expect(response.headers()['cache-control'], path).toContain('no-store');
	}
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
