import type { Page } from '@playwright/test';
import {
	expect,
	formHeaders,
	freshIp,
	goodPassword,
	login,
	register,
	test,
	uniqueEmail
} from '../fixtures';
import { actor } from '../instructor/world';
import { inbox, linkIn, waitForMail } from './inbox';
import { languages, type Lang } from './lang';
import type { ReceivedMail } from './smtp';

/** Plain text and simple HTML, the product's name, nothing that phones home. */
function expectDecentMail(mail: ReceivedMail, footer: string) {
	expect(mail.from).toContain('no-reply@lernpfad.test');
	expect(mail.text).toContain(footer);
	expect(mail.html).toContain(footer);
	expect(mail.html).not.toMatch(/<img|<script|url\(|<link|<iframe/i);
	const hosts = [...mail.html.matchAll(/https?:\/\/([^/"'\s]+)/g)].map((m) => m[1]);
	expect(new Set(hosts).size).toBeLessThanOrEqual(1); // only the app's own origin
}

async function registerForm(page: Page, name: string, email: string, password = goodPassword) {
	await page.goto('/register');
	await page.getByLabel(/^Name$/).fill(name);
	await page.getByLabel(/E-Mail-Adresse|Email address/).fill(email);
	await page.getByLabel(/^(Passwort|Password)$/).fill(password);
	await page.getByRole('button', { name: /Konto anlegen|Create account/ }).click();
	await page.waitForURL(/\/register\/sent/);
}

/**
 * Each flow in one language, crossed: registration in English (the stranger in German), the reset and
 * the address change in German. tests/e2e/mail/takeover.spec.ts takes a change and a reset through in
 * English, and src/lib/server/mail/account.spec.ts checks every account mail's text in both languages;
 * running each flow twice paid for two accounts and two rounds of mail per flow for the same paths.
 */
type Texts = (typeof languages)[Lang];
function inLanguage(lang: Lang, tests: (L: Texts, other: Texts) => void) {
	test.describe(`accounts by mail (${lang})`, () => {
		test.use({ locale: languages[lang].locale });
		tests(languages[lang], languages[lang === 'de' ? 'en' : 'de']);
	});
}

inLanguage('en', (L, other) => {
	test('registration: a new address studies at once and confirms by mail; a known one learns nothing (S8)', async ({
		page,
		browser
	}) => {
		const email = uniqueEmail('verify');
		await registerForm(page, 'Ada Lovelace', email);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(L.sentTitle);
		const newcomerPage = await page.content();
		await page.getByRole('link', { name: /Weiter zum Kurs|Continue to the course/ }).click();
		await page.waitForURL(/\/learn$/);
		// Not repeated seconds after the mail went out (V27); it returns once that is a while ago.
		await expect(page.getByText(L.banner)).toHaveCount(0);
		await page.context().clearCookies({ name: 'lernpfad_fresh' });
		await page.reload();
		await expect(page.getByText(L.banner)).toBeVisible();

		const mail = await waitForMail(email, { subject: L.verifySubject });
		expect(mail.text).toMatch(L.verifyText);
		expectDecentMail(mail, L.footer);
		await page.goto(linkIn(mail, '/verify/'));
		await page.getByRole('button', { name: L.confirm }).click();
		await expect(page.getByRole('status')).toContainText(L.verified);
		await page.goto('/learn');
		await expect(page.getByText(L.banner)).toHaveCount(0);

		// The same address again, from someone else: the same page, no session, and a notice
		// (not a link) to the owner in the owner's language.
		const stranger = await browser.newContext({
			locale: other.locale,
			extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
		});
		const strangerPage = await stranger.newPage();
		await registerForm(strangerPage, 'Mallory', email.toUpperCase(), 'Ganz-anderes-Passwort-1');
		expect(new URL(strangerPage.url()).search).toBe('');
		const strangerHtml = await strangerPage.content();
		const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
		expect(heading(strangerHtml)).toBe(other.sentTitle);
		expect(heading(newcomerPage)).toBe(L.sentTitle);
		expect((await stranger.cookies()).find((c) => c.name === 'lernpfad_session')).toBeUndefined();
		const notice = await waitForMail(email, { subject: L.takenSubject });
		expect(notice.text).not.toContain('/verify/');
		expect(notice.text).toContain('/forgot');
		expectDecentMail(notice, L.footer);
		await stranger.close();
	});
});

inLanguage('de', (L) => {
	test('password reset: the same answer for any address, a single-use link, other sessions end', async ({
		page,
		browser
	}) => {
		test.setTimeout(240_000);
		const { email } = await register(page, { name: 'Ada Lovelace' });
		// A second signed-in device.
		const other = await browser.newContext({
			locale: L.locale,
			extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
		});
		const otherPage = await other.newPage();
		await login(otherPage, email, goodPassword);
		await otherPage.waitForURL(/\/learn/);

		await page.getByRole('button', { name: /Abmelden|Sign out/ }).click();
		await page.goto('/login');
		// V27: the address typed on /login comes along (never the password).
		await page.getByLabel(/E-Mail-Adresse|Email address/).fill(email);
		await page.getByLabel(/^(Passwort|Password)$/).fill('not-in-any-url');
		await page.getByRole('link', { name: L.forgotLink }).click();
		await page.waitForURL(/\/forgot\?email=/);
		expect(page.url()).not.toContain('not-in-any-url');
		await expect(page.getByLabel(/E-Mail-Adresse|Email address/)).toHaveValue(email);
		const unknown = uniqueEmail('nobody');
		await page.getByLabel(/E-Mail-Adresse|Email address/).fill(unknown);
		await page.getByRole('button', { name: L.forgotSubmit }).click();
		await expect(page.getByRole('status')).toContainText(L.forgotSent);
		const unknownAnswer = (await page.getByRole('status').textContent())!.replace(unknown, '…');
		await page.getByLabel(/E-Mail-Adresse|Email address/).fill(email);
		await page.getByRole('button', { name: L.forgotSubmit }).click();
		await expect(page.getByRole('status')).toContainText(email);
		expect((await page.getByRole('status').textContent())!.replace(email, '…')).toBe(unknownAnswer);

		const mail = await waitForMail(email, { subject: L.resetSubject });
		expectDecentMail(mail, L.footer);
		const link = linkIn(mail, '/reset/');
		await page.goto(link);
		await page.getByLabel(L.newPassword).fill('Ein-neues-Passwort-nach-Reset');
		await page.getByRole('button', { name: L.resetSubmit }).click();
		await page.waitForURL(/\/learn\?reset=1/);
		await expect(page.getByRole('status').first()).toContainText(L.resetDone);

		// The other device is signed out; the old password is gone; the link works once.
		await otherPage.goto('/settings');
		await expect(otherPage).toHaveURL(/\/login/);
		await login(otherPage, email, goodPassword);
		await expect(otherPage.getByRole('alert')).toContainText(L.loginInvalid);
		await login(otherPage, email, 'Ein-neues-Passwort-nach-Reset');
		await otherPage.waitForURL(/\/learn/);
		await otherPage.goto(link);
		await expect(otherPage.getByRole('alert')).toContainText(L.resetInvalid);
		expect(inbox(unknown)).toEqual([]);
		await other.close();
	});

	test('e-mail change: confirmed from the new address, the old one is told', async ({ page }) => {
		const { email } = await register(page, { name: 'Ada Lovelace' });
		const next = uniqueEmail('changed');
		await page.goto('/settings');
		const section = page.getByRole('region', { name: /E-Mail-Adresse|Email address/ });
		await section.getByLabel(L.newEmail).fill(next);
		await section.getByLabel(L.currentPassword).fill(goodPassword);
		await section.getByRole('button', { name: L.sendChange }).click();
		await expect(section.getByRole('status')).toContainText(L.changeSent);

		const mail = await waitForMail(next, { subject: L.changeSubject });
		await page.goto(linkIn(mail, '/verify/'));
		await page.getByRole('button', { name: L.confirm }).click();
		await expect(page.getByRole('status')).toContainText(next);
		const notice = await waitForMail(email, { subject: L.changedSubject });
		expect(notice.text).toContain(next);

		await page.getByRole('button', { name: /Abmelden|Sign out/ }).click();
		await login(page, next, goodPassword);
		await page.waitForURL(/\/learn/);
	});
});

test.describe('disabled accounts and role homes', () => {
	test.use({ locale: 'de-DE' });
	// One admin disables an account of each language (an admin session per language bought nothing).
	test('a disabled account hears so only after the right password, in its language', async ({
		browser,
		baseURL
	}) => {
		const admin = await actor(browser, 'admin');
		for (const lang of Object.keys(languages) as Lang[]) {
			await test.step(lang, async () => {
				const L = languages[lang];
				const user = await actor(browser, 'new', `Dora ${lang}`, L.locale);
				await admin.page.goto(`/admin?q=${encodeURIComponent(user.email)}`);
				await admin.page.getByRole('button', { name: `Disable account: ${user.name}` }).click();
				await expect(admin.page.getByRole('status')).toContainText('all sessions are ended');

				await login(user.page, user.email, 'Falsches-Passwort-123');
				await expect(user.page.getByRole('alert')).toHaveText(L.loginInvalid);
				await login(user.page, user.email, goodPassword);
				await expect(user.page.getByRole('alert')).toContainText(L.disabled);
				// Without JavaScript, the status says it too.
				const plain = await user.page.request.post('/login', {
					headers: formHeaders(baseURL),
					form: { email: user.email, password: goodPassword },
					maxRedirects: 0
				});
				expect(plain.status()).toBe(403);
				await user.context.close();
			});
		}
		await admin.context.close();
	});

	test('after sign-in, admins land on /admin and instructors on /instructor unless next says otherwise', async ({
		page,
		browser
	}) => {
		const admin = await actor(browser, 'admin');
		await expect(admin.page).toHaveURL(/\/admin$/);
		const teacher = await actor(browser, 'new', 'Ina Instructor');
		await admin.page.goto(`/admin?q=${encodeURIComponent(teacher.email)}`);
		const row = admin.page.locator('tbody tr', { hasText: teacher.email });
		await row.getByRole('combobox').selectOption('instructor');
		await row.getByRole('button', { name: /Set role|Rolle setzen/ }).click();
		await admin.page.getByRole('status').waitFor();
		await login(page, teacher.email, goodPassword);
		await page.waitForURL(/\/instructor$/);
		await page.getByRole('button', { name: /Abmelden|Sign out/ }).click();
		await page.goto('/login?next=%2Fsettings');
		await page.getByLabel(/E-Mail-Adresse|Email address/).fill(teacher.email);
		await page.getByLabel(/^(Passwort|Password)$/).fill(goodPassword);
		await page
			.getByRole('button', { name: /^(Anmelden|Sign in)$/ })
			.last()
			.click();
		await page.waitForURL(/\/settings$/);
		await admin.context.close();
		await teacher.context.close();
	});
});
