import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

let counter = 0;
/** A documentation-range address per test (RFC 5737), sent as X-Forwarded-For. */
export function freshIp() {
	counter += 1;
	const n = (process.pid * 1000 + counter + Math.floor(Math.random() * 1e6)) % 65536;
	return `198.51.${n >> 8}.${n & 255}`;
}

export const test = base.extend<{ ip: string }>({
	// eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured.
	ip: async ({}, use) => use(freshIp()),
	context: async ({ context, ip }, use) => {
		await context.setExtraHTTPHeaders({ 'x-forwarded-for': ip });
		await use(context);
	}
});
export { expect };

/** Headers of a plain HTML form post from our own origin (Kit answers JSON to `Accept: *\/*`). */
export function formHeaders(baseURL: string | undefined, ip?: string) {
	return {
		origin: new URL(baseURL!).origin,
		accept: 'text/html',
		...(ip ? { 'x-forwarded-for': ip } : {})
	};
}

export function uniqueEmail(prefix = 'learner') {
	return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;
}

export const goodPassword = 'Hypervisor-Typ-1-und-2';

export async function register(
	page: Page,
	{ name = 'Erika Muster', email = uniqueEmail(), password = goodPassword } = {}
) {
	await page.goto('/register');
	await page.getByLabel(/^Name$/).fill(name);
	await page.getByLabel(/E-Mail-Adresse|Email address/).fill(email);
	await page.getByLabel(/^(Passwort|Password)$/).fill(password);
	await page.getByRole('button', { name: /Konto anlegen|Create account/ }).click();
	await continueAfterRegistering(page);
	return { name, email, password };
}

/** Registration answers "check your inbox" (new or known address alike); a new account goes on. */
export async function continueAfterRegistering(page: Page, landing: RegExp = /\/learn/) {
	await page.waitForURL(/\/register\/sent/);
	await page.getByRole('link', { name: /Weiter zum Kurs|Continue to the course/ }).click();
	await page.waitForURL(landing);
}

export async function login(page: Page, email: string, password: string) {
	await page.goto('/login');
	await page.getByLabel(/E-Mail-Adresse|Email address/).fill(email);
	await page.getByLabel(/^(Passwort|Password)$/).fill(password);
	await page
		.getByRole('button', { name: /^(Anmelden|Sign in)$/ })
		.last()
		.click();
}

/**
 * axe is the most expensive step of the e2e suite. Two settings make it 2–3× cheaper and report the
 * same violations (checked on pages with planted faults): `resultTypes` leaves out the selectors of
 * every passing node, and legacy mode runs `axe.run` in the page itself instead of `runPartial` plus
 * `finishRun` in a blank page of its own. Legacy mode reaches same-origin frames only, so a page with
 * frames (an LMS page around the tool) keeps the default.
 */
export async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
		.options({ resultTypes: ['violations'] })
		.setLegacyMode(page.frames().length === 1)
		.analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}
