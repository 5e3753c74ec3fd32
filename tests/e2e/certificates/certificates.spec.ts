import { readFileSync } from 'node:fs';
import { expect, expectNoAxeViolations, freshIp, test } from '../fixtures';
import { readPdf } from '../../pdf-reader';
import { earnCertificate } from './earn';

const NAME = 'Zoë Müller-Łukasiewicz';
/** An account id as `newId()` makes them: 24 base32 characters standing alone. */
const ACCOUNT_ID = /(?<![A-Za-z0-9])[a-z2-7]{24}(?![A-Za-z0-9])/;

test.describe('a learner earns a certificate that a stranger verifies', () => {
	test.use({ locale: 'de-DE' });

	test('earn, share, download, verify', async ({ page, browser, baseURL }) => {
		test.setTimeout(360_000);
		const learner = await earnCertificate(page, NAME);
		expect(learner.url).toBe(`${baseURL}/certificates/${learner.code}`);

		// /learn shows the certificate with its links, in German.
		const card = page.locator('section', {
			has: page.getByRole('heading', { name: 'Dein Zertifikat' })
		});
		await expect(card).toContainText('Glückwunsch');
		await expect(card).toContainText(NAME);
		await expect(card.getByRole('link', { name: 'PDF herunterladen' })).toHaveAttribute(
			'href',
			`/certificates/${learner.code}.pdf`
		);
		const linkedIn = new URL(
			(await card
				.getByRole('link', { name: 'Zum LinkedIn-Profil hinzufügen' })
				.getAttribute('href'))!
		);
		expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
		const now = new Date();
		expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
			startTask: 'CERTIFICATION_NAME',
			name: 'KVM on Z vs. ESXi',
			organizationName: 'Lernpfad',
			issueYear: String(now.getUTCFullYear()),
			issueMonth: String(now.getUTCMonth() + 1),
			certUrl: learner.url,
			certId: learner.code
		});
		await expectNoAxeViolations(page);
		const download = page.waitForEvent('download');
		await card.getByRole('link', { name: 'Digitalen Nachweis herunterladen' }).click();
		const file = await download;
		expect(file.suggestedFilename()).toBe(`lernpfad-certificate-${learner.code}.jwt`);
		const jwt = readFileSync((await file.path())!, 'utf8');
		expect(jwt.split('.')).toHaveLength(3);

		// A stranger: signed out, English, no JavaScript.
		const stranger = await browser.newContext({
			locale: 'en-GB',
			javaScriptEnabled: false,
			extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
		});
		const visitor = await stranger.newPage();
		const response = await visitor.goto(learner.url);
		expect(response?.status()).toBe(200);
		await expect(
			visitor.getByRole('heading', { level: 2, name: 'Valid certificate' })
		).toBeVisible();
		await expect(visitor.locator('dl')).toContainText(NAME);
		await expect(visitor.locator('dl')).toContainText('KVM on Z vs. ESXi');
		await expect(visitor.locator('dl')).toContainText(learner.code);
		await expect(visitor.locator('header')).not.toContainText('Erika');
		for (const body of [
			await response!.text(),
			await (await visitor.request.get(`${learner.url}/__data.json`)).text()
		]) {
			expect(body).toContain(NAME);
			expect(body).not.toContain(learner.email);
			expect(body).not.toContain('@example.com');
			expect(body).not.toMatch(ACCOUNT_ID);
		}

		// The PDF: parses, holds the name and the code, and its QR code decodes to the link.
		const pdfResponse = await visitor.request.get(`${learner.url}.pdf`);
		expect(pdfResponse.status()).toBe(200);
		expect(pdfResponse.headers()['content-type']).toBe('application/pdf');
		const pdf = readPdf(await pdfResponse.body());
		expect(pdf.pages).toBe(1);
		expect(pdf.size.width).toBeGreaterThan(pdf.size.height);
		expect(pdf.text).toContain(NAME);
		expect(pdf.text).toContain(learner.code);
		expect(pdf.text).toContain('Zertifikat'); // in the learner's language
		expect(pdf.qr).toBe(learner.url);

		// The pasted credential verifies; a tampered one does not.
		await visitor.getByLabel('Paste the credential').fill(jwt);
		await visitor.getByRole('button', { name: 'Check credential' }).click();
		await expect(visitor.getByRole('status')).toContainText('The credential is genuine and valid.');
		await expect(visitor.getByRole('status')).toContainText('Signature: holds.');
		await expect(visitor.getByRole('status')).toContainText(
			'Status: holds. Not revoked. The published status list confirms it.'
		);

		const [header, payload, signature] = jwt.split('.');
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		claims.credentialSubject.identifier[0].identityHash = 'Mallory Fake';
		const tampered = [
			header,
			Buffer.from(JSON.stringify(claims)).toString('base64url'),
			signature
		].join('.');
		await visitor.getByLabel('Paste the credential').fill(tampered);
		await visitor.getByRole('button', { name: 'Check credential' }).click();
		const verdict = visitor.getByRole('status');
		await expect(verdict).toContainText('The credential is not valid.');
		await expect(verdict).toContainText('Signature: fails.');
		// W21: nothing else in a credential with a broken signature is trusted, or shown as checked;
		// V21: said once, under the signature, and "–" for the rest.
		await expect(verdict).toContainText('nothing else was checked');
		for (const check of ['Issuer', 'Details', 'Status']) {
			await expect(verdict).toContainText(`${check}: –`);
		}
		expect((await verdict.innerText()).match(/nothing else was checked/g)).toHaveLength(1);
		await expect(verdict).not.toContainText('holds');

		// The same file, uploaded on /certificates/verify.
		await visitor.goto('/certificates/verify');
		await visitor.getByLabel('… or choose the file').setInputFiles({
			name: 'credential.jwt',
			mimeType: 'application/vc+jwt',
			buffer: Buffer.from(jwt)
		});
		await visitor.getByRole('button', { name: 'Check credential' }).click();
		await expect(visitor.getByRole('status')).toContainText('The credential is genuine and valid.');
		await expect(visitor.getByRole('status')).toContainText(`The credential belongs to: ${NAME}`);
		await stranger.close();

		// With JavaScript (axe needs it): the same pages, the check enhanced, no accessibility violations.
		const reader = await browser.newContext({
			locale: 'en-GB',
			extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
		});
		const check = await reader.newPage();
		await check.goto(learner.url);
		await expectNoAxeViolations(check);
		await check.getByLabel('Paste the credential').fill(tampered);
		await check.getByRole('button', { name: 'Check credential' }).click();
		await expect(check.getByRole('status')).toContainText('The credential is not valid.');
		await expectNoAxeViolations(check);
		await check.goto('/certificates/verify');
		await check.getByLabel('Paste the credential').fill(jwt);
		await check.getByRole('button', { name: 'Check credential' }).click();
		await expect(check.getByRole('status')).toContainText('The credential is genuine and valid.');
		await expectNoAxeViolations(check);
		await reader.close();
	});
});

test('a made-up or malformed code is “not found” (404), and says no more', async ({ page }) => {
	for (const path of [
		'/certificates/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
		'/certificates/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf',
		'/certificates/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jwt',
		'/certificates/not-a-code',
		'/certificates/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
		'/certificates/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.exe'
	]) {
		const response = await page.request.get(path);
		expect(response.status(), path).toBe(404);
	}
	const response = await page.goto('/certificates/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('lookups are throttled per client address: 429 with Retry-After and a message', async ({
	playwright,
	baseURL
}) => {
	const ip = freshIp();
	const client = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { 'x-forwarded-for': ip, 'accept-language': 'de-DE', accept: 'text/html' }
	});
	const statuses: number[] = [];
	let limited;
	for (let i = 0; i < 65; i++) {
		const response = await client.get('/certificates/cccccccccccccccccccccccccccccccc');
		statuses.push(response.status());
		if (response.status() === 429) limited ??= response;
	}
	expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
	expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
	expect(Number(limited!.headers()['retry-after'])).toBeGreaterThan(0);
	expect(await limited!.text()).toContain('Zu viele Abfragen');
	// Another address is not affected.
	const other = await client.get('/certificates/cccccccccccccccccccccccccccccccc', {
		headers: { 'x-forwarded-for': freshIp() }
	});
	expect(other.status()).toBe(404);
	await client.dispose();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, locale: 'en-GB' });

	test('the verify page looks a code up and explains bad input', async ({ page }) => {
		await page.goto('/certificates/verify');
		await page.getByLabel('Certificate code').fill('not a code');
		await page.getByRole('button', { name: 'Show certificate' }).click();
		await expect(page.locator('.field .error')).toHaveText(/not a valid certificate code/);
		await page.getByRole('button', { name: 'Check credential' }).click();
		await expect(page.getByRole('alert')).toHaveText('Please paste a credential or choose a file.');
		await page.getByLabel('Paste the credential').fill('hello world');
		await page.getByRole('button', { name: 'Check credential' }).click();
		await expect(page.getByRole('alert')).toContainText('This is not a digital credential');
		await page.getByLabel('Certificate code').fill('DDDD DDDD DDDD DDDD DDDD DDDD DDDD DDDD');
		await page.getByRole('button', { name: 'Show certificate' }).click();
		// A well-formed code that names no certificate stays in its field, with advice (V13).
		await expect(page).toHaveURL(/\/certificates\/verify/);
		await expect(page.locator('.field .error')).toHaveText(/No certificate has this code/);
	});
});

test('the public key set is published for anyone', async ({ request }) => {
	const response = await request.get('/.well-known/jwks.json');
	expect(response.status()).toBe(200);
	expect(response.headers()['access-control-allow-origin']).toBe('*');
	const { keys } = await response.json();
	expect(keys.length).toBeGreaterThan(0);
	for (const key of keys) {
		expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
		expect(key).not.toHaveProperty('d');
	}
});

test('@phone the certificate, its check and /learn fit a phone screen', async ({ page }) => {
	test.skip(!test.info().project.use.isMobile, 'about a phone screen: the phone project runs it');
	test.setTimeout(360_000);
	const learner = await earnCertificate(page, NAME);
	const jwt = await (await page.request.get(`${learner.url}.jwt`)).text();
	for (const path of ['/learn', new URL(learner.url).pathname, '/certificates/verify']) {
		await page.goto(path);
		if (path !== '/learn') {
			await page.getByLabel(/^(Nachweis einfügen|Paste the credential)$/).fill(jwt);
			await page.getByRole('button', { name: /^(Nachweis prüfen|Check credential)$/ }).click();
			await expect(page.getByRole('status')).toBeVisible();
		}
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow, path).toBeLessThanOrEqual(0);
	}
});
