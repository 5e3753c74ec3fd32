import type { Browser } from '@playwright/test';
import { E2E_ADMIN } from '../e2e-admin';
import { expect, login } from '../fixtures';
import type { FakePlatform } from '../../lti/platform';

/** Registers the fake platform by hand on /admin/lti, as an LMS admin would. */
export async function registerByHand(browser: Browser, baseURL: string, platform: FakePlatform) {
	const page = await browser.newPage({ locale: 'en-GB' });
	await login(page, E2E_ADMIN.email, E2E_ADMIN.password);
	await page.waitForURL((url) => url.pathname !== '/login');
	await page.goto('/admin/lti');
	await expect(page.getByText(`${new URL(baseURL).origin}/lti/login`)).toBeVisible();
	const r = platform.registration;
	await page.getByLabel('Name', { exact: true }).fill('Fake LMS');
	await page.getByLabel(/^Issuer/).fill(r.issuer);
	await page.getByLabel(/^Client ID/).fill(r.clientId);
	await page.getByLabel(/^Authentication URL/).fill(r.authUrl);
	await page.getByLabel(/^Token URL/).fill(r.tokenUrl);
	await page.getByLabel(/^Platform's JWKS URL/).fill(r.jwksUrl);
	await page.getByLabel(/^Deployment IDs/).fill(r.deploymentId);
	await page.getByRole('button', { name: 'Register a learning platform' }).click();
	await expect(page.getByText('Learning platform registered.')).toBeVisible();
	await page.close();
}
