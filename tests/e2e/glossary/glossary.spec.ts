import { expect, expectNoAxeViolations, test } from '../fixtures';

for (const locale of ['de', 'en'] as const) {
	const de = locale === 'de';
	test.describe(`glossary in ${locale}`, () => {
		test.use({ locale: de ? 'de-CH' : 'en-GB' });

		test('is linked from the footer, lists the terms with their lessons and is axe-clean', async ({
			page
		}) => {
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
			await expectNoAxeViolations(page);
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
			await expectNoAxeViolations(page);

			await page.goto('/glossary?q=zzzz-nothing');
			await expect(page.getByRole('status')).toContainText(
				de ? 'Kein Begriff passt' : 'No term matches'
			);
			await expect(page.locator('dl.glossary')).toHaveCount(0);
			await expectNoAxeViolations(page);
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
		await expect(page.getByRole('status')).toContainText('2 of');
		await expect(page.getByRole('searchbox')).toHaveValue('vMotion');
	});
});
