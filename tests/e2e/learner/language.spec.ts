import { expect, test } from '../fixtures';

test.use({ locale: 'en-GB' });

test('switching the language keeps the section being read', async ({ page }) => {
	await page.goto('/learn/kvm');
	await page.locator('#vcpus').scrollIntoViewIfNeeded();
	await page.evaluate(() => document.getElementById('vcpus')!.scrollIntoView({ block: 'start' }));
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await page.waitForURL(/\/learn\/kvm#vcpus$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.locator('#vcpus')).toBeInViewport();
	// And back: the same id exists in English.
	await page.getByRole('button', { name: 'English' }).click();
	await page.waitForURL(/\/learn\/kvm#vcpus$/);
	await expect(page.locator('#vcpus')).toHaveText(/Virtual CPUs/);
});

test('without JavaScript the switch keeps the page (a form cannot send the #hash)', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
	const page = await context.newPage();
	await page.goto('/learn/kvm#vcpus');
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await page.waitForURL(/\/learn\/kvm/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await context.close();
});
