import { expect, expectNoAxeViolations, test } from '../fixtures';

for (const locale of ['de', 'en'] as const) {
	const de = locale === 'de';
	test.describe(`glossary in ${locale}`, () => {
		test.use({ locale: de ? 'de-CH' : 'en-GB' });

		test('is linked from the footer, lists the terms with their lessons', async ({ page }) => {
			await page.goto('/');
			await page
				.locator('footer')
				.getByRole('link', { name: de ? 'Glossar' : 'Glossary' })
				.click();
			await expect(page).toHaveURL(/\/glossary$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(de ? 'Glossar' : 'Glossary');
			expect(await page.locator('dl.glossary dt').count()).toBeGreaterThanOrEqual(40);
			const hv = page.locator('#hypervisor');
			await expect(hv.locator('dd a')).toHaveAttribute('href', '/learn/virtualization-basics');
			// A translation that differs only in case is not repeated (V27); a different one is.
			await expect(page.locator('#dasd .other')).toHaveCount(0);
			await expect(page.locator('#vmm .other')).toHaveCount(0);
			await expect(page.locator('#virtualization .other')).toHaveCount(1);
			// axe: tests/e2e/a11y/pages.spec.ts checks /glossary and /glossary?q=DPM.
		});

		// axe: tests/e2e/course/lessons.spec.ts checks every lesson, these two included, with their
		// term links (a focused link only gains an outline, which axe does not judge).
		test('a lesson marks the terms it teaches as links to their entries', async ({ page }) => {
			await page.goto('/learn/virtualization-basics');
			await expect(page.locator('article a.term:has(dfn)')).toHaveCount(6);
			await expect(page.locator('article a.term[href="/glossary#hypervisor"]')).toHaveCount(1);

			await page.goto('/learn/esxi');
			const defining = page.locator('article a.term:has(dfn)');
			expect(await defining.count()).toBeGreaterThanOrEqual(10);
			await expect(page.locator('article a.term[href="/glossary#dpm-power"] dfn')).toHaveText(
				'DPM'
			);
			await expect(page.locator('article a.term[href="/glossary#vmotion"]')).toHaveCount(1);
		});

		test('searches with q: both meanings of DPM, and a miss says so', async ({ page }) => {
			await page.goto('/glossary');
			await page
				.getByRole('searchbox', { name: de ? 'Begriff suchen' : 'Search for a term' })
				.fill('DPM');
			await page.getByRole('button', { name: de ? 'Suchen' : 'Search' }).click();
			await expect(page).toHaveURL(/\/glossary\?q=DPM$/);
			await expect(page.locator('#dpm-partition')).toBeVisible();
			await expect(page.locator('#dpm-power')).toBeVisible();
			await expect(page.locator('#hypervisor')).toHaveCount(0);

			await page.goto('/glossary?q=zzzz-nothing');
			await expect(page.getByRole('status')).toContainText(
				de ? 'Kein Begriff passt' : 'No term matches'
			);
			await expect(page.locator('dl.glossary')).toHaveCount(0);
			// axe on the miss in one language (tests/e2e/a11y/pages.spec.ts checks the list and a hit in
			// both): the same template, other words.
			if (de) await expectNoAxeViolations(page);
		});
	});
}

test.describe('glossary without JavaScript', () => {
	test.use({ javaScriptEnabled: false, locale: 'en-GB' });

	test('the search form works as a plain GET', async ({ page }) => {
		await page.goto('/glossary');
		await page.getByRole('searchbox', { name: 'Search for a term' }).fill('vMotion');
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page).toHaveURL(/\/glossary\?q=vMotion$/);
		await expect(page.locator('#vmotion')).toBeVisible();
		await expect(page.locator('#storage-vmotion')).toBeVisible();
		// Live migration's definition names vMotion too.
		await expect(page.locator('#live-migration')).toBeVisible();
		await expect(page.getByRole('status')).toContainText('3 of');
		await expect(page.getByRole('searchbox')).toHaveValue('vMotion');
	});

	test('a term link in a lesson is followed to its glossary entry and its definition', async ({
		page
	}) => {
		await page.goto('/learn/virtualization-basics');
		const term = page.locator('article a.term[href="/glossary#hypervisor"]');
		await expect(term).toHaveCount(1);
		await expect(term.locator('dfn')).toHaveText('hypervisor');
		// (axe needs JavaScript in the page: the lessons are checked with it in the tests above.)

		// Keyboard: the term link takes focus and Enter follows it.
		await term.focus();
		await expect(term).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/glossary#hypervisor$/);
		const entry = page.locator('#hypervisor');
		await expect(entry).toBeVisible();
		await expect(entry.locator('dd p').first()).toHaveText(
			'Software that creates virtual machines and allocates resources such as processing time, memory and devices to them.'
		);
		await expect(entry).toBeInViewport();
		expect(await entry.evaluate((e) => e.matches(':target'))).toBe(true);
	});
});
