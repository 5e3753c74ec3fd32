import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, register, test } from '../fixtures';
import { actor } from '../instructor/world';

const noSidewaysScroll = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('at 1280 px, an admin’s header is one row', async ({ browser }) => {
	const admin = await actor(browser, 'admin');
	await admin.page.setViewportSize({ width: 1280, height: 800 });
	await admin.page.goto('/learn');
	const bar = admin.page.locator('header.site .bar');
	// One row of 2.25–2.5 rem controls plus padding; two rows would be twice that.
	expect((await bar.boundingBox())!.height).toBeLessThan(72);
	await expect(
		admin.page.getByRole('navigation', { name: /^(Main navigation|Hauptnavigation)$/ })
	).toBeVisible();
	await expect(
		admin.page.getByRole('link', { name: /^(Administration|Verwaltung)$/ })
	).toBeVisible();
	await admin.context.close();
});

test.describe('on a phone', () => {
	// Phone width set here, so the desktop project runs it once (untagged: the phone project would
	// only repeat it at the same width).
	test.use({ locale: 'de-DE', viewport: { width: 412, height: 915 } });

	test('the header is one compact row with a menu that works without JavaScript', async ({
		browser
	}) => {
		const context = await browser.newContext({
			javaScriptEnabled: false,
			locale: 'de-DE',
			viewport: { width: 412, height: 915 },
			isMobile: true
		});
		const page = await context.newPage();
		await page.goto('/');
		const header = page.locator('header.site');
		expect((await header.boundingBox())!.height).toBeLessThan(72);
		await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeHidden();
		await page.getByText('Menü', { exact: true }).click();
		await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
		expect(await noSidewaysScroll(page)).toBe(true);
		await context.close();
	});

	test('the menu is axe-clean, open, signed in', async ({ page }) => {
		await register(page);
		await page.getByText('Menü', { exact: true }).click();
		await expect(page.getByRole('link', { name: 'Mein Lernstand' })).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('the credential textarea fits the screen', async ({ page }) => {
		await page.goto('/certificates/verify');
		const box = (await page.locator('textarea').boundingBox())!;
		const width = page.viewportSize()!.width;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(width);
		expect(await noSidewaysScroll(page)).toBe(true);
	});

	test('long German words wrap inside the quiz', async ({ page }) => {
		await register(page);
		for (const slug of ['kvm', 'comparison-complexity-functionality']) {
			await page.goto(`/learn/${slug}`);
			await page.locator('form.quiz-form').waitFor();
			expect(await noSidewaysScroll(page)).toBe(true);
			// No label or legend sticks out of its box (an order item used to run under its select).
			const overflowing = await page
				.locator('form.quiz-form label, form.quiz-form legend span')
				.evaluateAll((els) =>
					els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent)
				);
			expect(overflowing).toEqual([]);
		}
	});
});
