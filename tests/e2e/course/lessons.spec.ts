import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, register, test } from '../fixtures';
import { frontmatter, lessonFolders, slugOf } from '../course-data';

/**
 * Lessons that tests/e2e/a11y/pages.spec.ts puts through axe as a visitor sees them, in both languages
 * (with the same markup as here): not checked a second time.
 */
const sweptByA11y = new Set(['kvm-on-ibm-z', 'comparison-complexity-functionality']);

for (const locale of ['de', 'en'] as const) {
	test.describe(`course in ${locale}`, () => {
		test.use({ locale: locale === 'de' ? 'de-CH' : 'en-GB' });

		test('the overview lists every lesson with its reading time and starts the course', async ({
			page
		}) => {
			await page.goto('/');
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('KVM on Z vs. ESXi');
			for (const folder of lessonFolders) {
				const { title, minutes } = frontmatter(folder, locale);
				const link = page.locator(`main a[href="/learn/${slugOf(folder)}"]`).last();
				await expect(link).toContainText(title);
				await expect(link).toContainText(
					locale === 'de' ? `${minutes} Min. Lesezeit` : `${minutes} min read`
				);
			}
			// axe: tests/e2e/a11y/pages.spec.ts checks / in both languages.
			await page
				.getByRole('link', { name: locale === 'de' ? 'Kurs beginnen' : 'Start the course' })
				.click();
			await expect(page).toHaveURL(/\/learn\/introduction$/);
		});

		// One test walks all lessons in one browser context: a context per lesson paid for a new
		// context and a cold cache (every script and style again) eighteen times. A step per lesson
		// names the one that fails.
		test('every lesson renders with contents, figures and navigation', async ({ page }) => {
			test.setTimeout(240_000);
			for (const [index, folder] of lessonFolders.entries()) {
				await test.step(`lesson ${slugOf(folder)}`, async () => {
					await checkLesson(page, locale, index);
				});
			}
		});
	});
}

async function checkLesson(page: Page, locale: 'de' | 'en', index: number) {
	const folder = lessonFolders[index];
	const slug = slugOf(folder);
	await page.goto(`/learn/${slug}`);
	const { title } = frontmatter(folder, locale);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.locator('article')).toHaveAttribute('lang', locale);

	// Every table-of-contents entry points at a heading that exists (one round trip for all).
	const { count, missing } = await page.locator('.toc a').evaluateAll((as) => ({
		count: as.length,
		missing: as
			.map((a) => a.getAttribute('href')!)
			.filter((href) => document.querySelectorAll(href).length !== 1)
	}));
	expect(count).toBeGreaterThan(2);
	expect(missing).toEqual([]);

	// Figures load.
	for (const img of await page.locator('article figure img').all()) {
		await img.scrollIntoViewIfNeeded();
		await expect
			.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0))
			.toBe(true);
	}

	// Visitors are asked to sign in for the quiz.
	await expect(page.locator('#quiz-heading')).toBeVisible();
	await expect(
		page.getByRole('link', { name: locale === 'de' ? 'Anmelden' : 'Sign in' }).last()
	).toHaveAttribute('href', /\/login\?next=/);

	// axe once per lesson, crossed pairwise: even lessons in German, odd ones in English. Every lesson
	// is the same template around its own content; the languages differ in text, not in structure.
	if (index % 2 === (locale === 'de' ? 0 : 1) && !sweptByA11y.has(slug)) {
		await expectNoAxeViolations(page);
	}

	// The pager points at the neighbours; following it is tried on the first lesson only
	// (every lesson renders the same component, and each click loads a whole lesson).
	const next = page.getByRole('link', {
		name: locale === 'de' ? /Nächste Lektion/ : /Next lesson/
	});
	const previous = page.getByRole('link', {
		name: locale === 'de' ? /Vorherige Lektion/ : /Previous lesson/
	});
	if (index < lessonFolders.length - 1) {
		await expect(next).toHaveAttribute('href', `/learn/${slugOf(lessonFolders[index + 1])}`);
	} else {
		await expect(next).toHaveCount(0);
	}
	if (index > 0) {
		await expect(previous).toHaveAttribute('href', `/learn/${slugOf(lessonFolders[index - 1])}`);
	} else {
		await expect(previous).toHaveCount(0);
		await next.click();
		await expect(page).toHaveURL(`/learn/${slugOf(lessonFolders[1])}`);
		// The next lesson is on screen before we go back.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			frontmatter(lessonFolders[1], locale).title
		);
		// Figures still loading can move the pager under a click on a busy machine: retry it.
		await expect(async () => {
			await previous.click();
			await expect(page).toHaveURL(`/learn/${slug}`, { timeout: 2_000 });
		}).toPass({ timeout: 15_000 });
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	}
}

test('an unknown lesson is a 404', async ({ page }) => {
	const response = await page.goto('/learn/no-such-lesson');
	expect(response?.status()).toBe(404);
});

test('figures are served as SVG with a locked-down CSP', async ({ request }) => {
	const response = await request.get('/figures/hypervisor-type1.de.svg');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('image/svg+xml');
	expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
	expect((await request.get('/figures/nope.de.svg')).status()).toBe(404);
	expect((await request.get('/figures/..%2Fcourse.yaml')).status()).toBe(404);
});

test('@phone the overview and a lesson with a table fit a phone screen', async ({ page }) => {
	test.skip(!test.info().project.use.isMobile, 'about a phone screen: the phone project runs it');
	for (const path of ['/', '/learn/esxi', '/learn/kvm-on-ibm-z']) {
		await page.goto(path);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow, path).toBeLessThanOrEqual(0);
	}
	// Wide tables scroll inside their own region, which the keyboard can reach. (axe: the phone
	// half of tests/e2e/a11y/pages.spec.ts checks this very page on this very screen.)
	const region = page.locator('.table-scroll').first();
	await expect(region).toHaveAttribute('tabindex', '0');
});

test('a lesson is cacheable for visitors (stable ETag, 304) and never for a signed-in learner', async ({
	page,
	request
}) => {
	const first = await request.get('/learn/introduction');
	expect(first.headers()['cache-control']).toBe('public, max-age=60');
	expect(first.headers()['vary']).toContain('cookie');
	const etag = first.headers()['etag'];
	expect(etag).toMatch(/^"[\w-]{22}"$/);
	// The second comes from the server's page cache: the ETag is the same, the CSP nonce is new,
	// and the page's scripts carry that very nonce.
	const second = await request.get('/learn/introduction');
	expect(second.headers()['etag']).toBe(etag);
	const nonces = [];
	for (const response of [first, second]) {
		const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'])![1];
		const html = await response.text();
		expect(html).toContain(`nonce="${nonce}"`);
		expect(html.match(/ nonce="([^"]*)"/g)!.every((a) => a === ` nonce="${nonce}"`)).toBe(true);
		nonces.push(nonce);
	}
	expect(nonces[1]).not.toBe(nonces[0]);
	const revalidated = await request.get('/learn/introduction', {
		headers: { 'if-none-match': etag }
	});
	expect(revalidated.status()).toBe(304);

	// A cached page still runs its scripts (no CSP violation): the table of contents hydrates.
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
	});
	await page.goto('/learn/introduction');
	await page.goto('/learn/introduction');
	await page.waitForLoadState('networkidle');
	expect(violations).toEqual([]);

	await register(page);
	const signedIn = await page.goto('/learn/introduction');
	expect(signedIn?.headers()['cache-control']).toBe('private, no-store');
	// Signed in, the page shows the quiz: never a visitor's stored copy.
	await expect(page.locator('form.quiz-form')).toBeVisible();
});
