import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, test } from '../fixtures';
import { actor, createClassVia, setRoleViaAdmin } from '../instructor/world';
import { brokenWords, noSidewaysScroll } from './words';

test.use({ locale: 'de-DE' });

const widths = [390, 1280];
const schemes = ['light', 'dark'] as const;

/**
 * Every width and colour scheme on the page as it is; `check` measures. `crossed` says whether the
 * view is on the page's diagonal (narrow and light with wide and dark, or the other two, as `turn`
 * picks): a pair of views that sees both widths and both schemes.
 */
async function eachView(
	page: Page,
	check: (view: string, crossed: boolean) => Promise<void>,
	turn = 0
) {
	for (const [w, width] of widths.entries()) {
		for (const [c, colorScheme] of schemes.entries()) {
			await page.setViewportSize({ width, height: 800 });
			await page.emulateMedia({ colorScheme });
			await check(`${page.url()} at ${width} px, ${colorScheme}`, (w + c + turn) % 2 === 0);
		}
	}
}

test('signed-out pages: no sideways scroll, whole brand, whole words in tables (W28, V7, V6, V13, V14)', async ({
	page
}) => {
	test.setTimeout(120_000);
	const lessonsWithTables = ['hypervisors', 'kvm-on-ibm-z', 'esxi', 'conclusion'].map(
		(slug) => `/learn/${slug}`
	);
	for (const path of [
		'/',
		'/certificates/verify',
		'/learn/comparison-complexity-functionality',
		...lessonsWithTables
	]) {
		await page.goto(path);
		await eachView(page, async (view) => {
			expect(await noSidewaysScroll(page), view).toBeLessThanOrEqual(0);
			// The brand is not covered by the language buttons, and shows whole.
			const brand = (await page.locator('header.site .brand').boundingBox())!;
			const switcher = (await page.locator('header.site .language-switch').boundingBox())!;
			expect(brand.x + brand.width, view).toBeLessThanOrEqual(switcher.x + 1);
			expect(
				await page
					.locator('header.site .brand span')
					.first()
					.evaluate((e) => e.scrollWidth <= e.clientWidth + 1),
				view
			).toBe(true);
			expect(await brokenWords(page, 'main th, main td, main caption'), view).toEqual([]);
		});
	}

	// V6: lesson 8's caption stays in view while its table scrolls sideways on a phone.
	await page.goto('/learn/comparison-complexity-functionality');
	await page.setViewportSize({ width: 390, height: 800 });
	const box = page.locator('.prose .table-scroll').first();
	await box.evaluate((e) => (e.scrollLeft = e.scrollWidth));
	expect(await box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
	const caption = (await box.locator('caption').boundingBox())!;
	const frame = (await box.boundingBox())!;
	expect(caption.x).toBeGreaterThanOrEqual(frame.x - 1);
	expect(caption.x + caption.width).toBeLessThanOrEqual(frame.x + frame.width + 1);

	// V14: the focused TOC link's outline stays inside the scrolling column.
	await page.setViewportSize({ width: 1280, height: 800 });
	const link = page.locator('.toc li a').first();
	await link.focus();
	const inside = await link.evaluate((a) => {
		const toc = a.closest('.toc')!.getBoundingClientRect();
		const box = a.getBoundingClientRect();
		const offset = parseFloat(getComputedStyle(a).outlineOffset);
		const width = parseFloat(getComputedStyle(a).outlineWidth);
		const reach = Math.max(0, offset + width);
		return box.right + reach <= toc.right + 0.5 && box.left - reach >= toc.left - 0.5;
	});
	expect(inside).toBe(true);

	// V13: a mistyped code stays in the field with advice, on the verify page.
	await page.goto('/certificates/verify');
	const wrong = 'ir33iyxyx4kkmhapcmqkciqa3rwncxpa';
	await page.getByLabel(/Zertifikatscode|Certificate code/).fill(wrong);
	await page.getByRole('button', { name: /Zertifikat anzeigen|Show certificate/ }).click();
	await expect(page).toHaveURL(/\/certificates\/verify/);
	await expect(page.getByLabel(/Zertifikatscode|Certificate code/)).toHaveValue(wrong);
	await expect(page.getByText(/Kein Zertifikat mit diesem Code/)).toBeVisible();
});

test('class page, join view, admin and audit: whole words in tables, sticky matrix header, axe-clean (V6, V9, V18, V19, V20)', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const admin = await actor(browser, 'admin', 'Admin', 'de-DE');
	const teacher = await actor(browser, 'new', 'Ina Beamer', 'de-DE');
	await setRoleViaAdmin(admin.page, teacher.email, 'instructor');
	const { id, joinUrl } = await createClassVia(teacher.page, 'Beamerklasse');
	const learner = await actor(browser, 'new', 'Katharina Langname-Überbreit', 'de-DE');
	await learner.page.goto(new URL(joinUrl).pathname);
	await learner.page.getByRole('button', { name: /^(Beitreten|Join)$/ }).click();
	await expect(learner.page.getByRole('status').first()).toContainText('Beamerklasse');
	// A disabled account's row (V9).
	await admin.page.goto(`/admin?q=${encodeURIComponent(learner.email)}`);
	await admin.page
		.getByRole('button', { name: /Konto sperren|Disable/ })
		.first()
		.click();

	const page = teacher.page;
	await page.goto(`/instructor/classes/${id}`);
	await eachView(page, async (view) => {
		expect(await noSidewaysScroll(page), view).toBeLessThanOrEqual(0);
		expect(await brokenWords(page, 'main th, main td'), view).toEqual([]);
	});
	// V18: the header row stays in view while the matrix scrolls.
	await page.setViewportSize({ width: 1280, height: 720 });
	expect(
		await page
			.locator('table.matrix thead th')
			.first()
			.evaluate((e) => getComputedStyle(e).position)
	).toBe('sticky');
	await expectNoAxeViolations(page);

	// V19: the join view for the room fits a phone and a beamer, and is axe-clean.
	await page.goto(`/instructor/classes/${id}/show`);
	await eachView(page, async (view) => {
		expect(await noSidewaysScroll(page), view).toBeLessThanOrEqual(0);
	});
	await expectNoAxeViolations(page);

	// V20: the audit trail with a filter, and with a wrong one (the form and its messages). axe twice
	// per page, not in all four views: each page in both widths and both schemes, and the three pages
	// (one admin template) alternate the pairs, so every width with every scheme is checked.
	for (const [turn, path] of [
		'/admin',
		'/admin/audit?action=user.disable',
		'/admin/audit?from=2026-02-30'
	].entries()) {
		await admin.page.goto(path);
		await eachView(
			admin.page,
			async (view, crossed) => {
				expect(await noSidewaysScroll(admin.page), view).toBeLessThanOrEqual(0);
				expect(await brokenWords(admin.page, 'main thead th'), view).toEqual([]);
				if (crossed) await expectNoAxeViolations(admin.page);
			},
			turn
		);
	}
	for (const a of [admin, teacher, learner]) await a.context.close();
});

test('a lesson without JavaScript: the contents closed on a phone and shown on a laptop, a clean meta line (V23)', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/learn/introduction');
	const firstLink = page.locator('.toc li a').first();
	for (const width of widths) {
		await page.setViewportSize({ width, height: 800 });
		await expect(firstLink, `${width} px`).toBeVisible({ visible: width > 1000 });
		// The meta line: "Quelle: Zusammenfassung", and no line of it starts or ends with a visible "·".
		await expect(page.locator('header .meta')).toContainText('Quelle: Zusammenfassung');
		const dangling = await page.locator('header .meta').evaluate((meta) => {
			const left = meta.getBoundingClientRect().left;
			const items = [...meta.querySelectorAll('li')].map((li) => li.getBoundingClientRect());
			// An item that starts a line keeps its dot in the strip the box clips.
			return items.filter((r, i) => (i === 0 || r.top > items[i - 1].top) && r.left >= left - 1);
		});
		expect(dangling, `${width} px`).toEqual([]);
	}
	// At 390 px the title is on the first screen, not under the list.
	await page.setViewportSize({ width: 390, height: 844 });
	expect((await page.locator('h1').boundingBox())!.y).toBeLessThan(400);
	await context.close();
});
