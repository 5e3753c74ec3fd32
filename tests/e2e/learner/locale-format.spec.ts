import { E2E_ADMIN } from '../e2e-admin';
import { expect, freshIp, login, test } from '../fixtures';

const cases = [
	{ lang: 'de', button: 'Deutsch', admin: 'Verwaltung', date: /^\d{2}\.\d{2}\.\d{4}$/ },
	{ lang: 'en', button: 'English', admin: 'Administration', date: /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/ }
] as const;

// One test for both languages: the admin's saved language is shared by every test that signs in as it.
test('dates in de and en: the server’s HTML and the browser’s rendering agree', async ({
	browser
}) => {
	for (const c of cases) {
		// A browser in another language and time zone than the UI: neither may leak into the text.
		const context = await browser.newContext({
			locale: c.lang === 'de' ? 'en-US' : 'de-DE',
			timezoneId: 'America/Los_Angeles',
			extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
		});
		const page = await context.newPage();
		await login(page, E2E_ADMIN.email, E2E_ADMIN.password);
		// An admin's home is /admin; the client-side navigation below starts from /learn.
		await page.waitForURL(/\/admin/);
		await page.goto('/learn');
		await page.locator('form.language-switch[data-ready]').waitFor();
		await page.getByRole('button', { name: c.button }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', c.lang);

		const html = await (await page.request.get('/admin')).text();
		const fromServer = [...html.matchAll(/<td[^>]*>(?:<!--[^>]*-->)*([^<]*)</g)]
			.map((m) => m[1].trim())
			.filter((t) => c.date.test(t));
		expect(fromServer.length).toBeGreaterThan(0);

		// Rendered in the browser: a client-side navigation from the hydrated /learn page.
		await page.locator('form.language-switch[data-ready]').waitFor();
		await page.getByRole('link', { name: c.admin, exact: true }).click();
		await page.waitForURL(/\/admin$/);
		const inBrowser = (await page.locator('td').allInnerTexts())
			.map((t) => t.trim())
			.filter((t) => c.date.test(t));
		// Other tests add accounts meanwhile (one more row, the same day): compare the formats seen.
		expect(inBrowser.length).toBeGreaterThan(0);
		expect(new Set(inBrowser)).toEqual(new Set(fromServer));
		await context.close();
	}
});
