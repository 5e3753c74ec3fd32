import type { Browser, BrowserContext, Page } from '@playwright/test';
import { E2E_ADMIN } from '../e2e-admin';
import { freshIp, goodPassword, login, register, uniqueEmail } from '../fixtures';

export interface Actor {
	context: BrowserContext;
	page: Page;
	email: string;
	name: string;
}

/** A signed-in browser context of its own (own cookies, own client address). */
export async function actor(
	browser: Browser,
	kind: 'admin' | 'new',
	name = 'Person',
	locale = 'en-US'
): Promise<Actor> {
	const context = await browser.newContext({
		locale,
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const page = await context.newPage();
	if (kind === 'admin') {
		await login(page, E2E_ADMIN.email, E2E_ADMIN.password);
		await page.waitForURL(/\/admin/);
		return { context, page, email: E2E_ADMIN.email, name: 'E2E Admin' };
	}
	const email = uniqueEmail(name.toLowerCase().replace(/\W/g, ''));
	await register(page, { name, email, password: goodPassword });
	return { context, page, email, name };
}

/** The admin gives `email` a role through the admin page, as a person would. */
export async function setRoleViaAdmin(
	admin: Page,
	email: string,
	role: 'learner' | 'instructor' | 'admin'
) {
	await admin.goto(`/admin?q=${encodeURIComponent(email)}`);
	const row = admin.locator('tbody tr', { hasText: email });
	await row.getByRole('combobox').selectOption(role);
	await row.getByRole('button', { name: /Set role|Rolle setzen/ }).click();
	await admin.getByRole('status').waitFor();
}

export async function createClassVia(
	page: Page,
	name: string
): Promise<{ id: string; joinUrl: string }> {
	await page.goto('/instructor');
	await page.getByLabel(/Class name|Name der Klasse/).fill(name);
	await page.getByRole('button', { name: /Create class|Klasse anlegen/ }).click();
	// The notice leads to the join card itself (V19).
	await page.getByRole('link', { name: /join link and QR code|Beitrittslink und QR-Code/ }).click();
	await page.waitForURL(/\/instructor\/classes\/[a-z2-7]{24}#join$/);
	const id = new URL(page.url()).pathname.split('/').pop()!;
	const joinUrl = await page.locator('#join-url').inputValue();
	return { id, joinUrl };
}
