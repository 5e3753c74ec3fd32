import { gunzipSync } from 'node:zlib';
import type { APIRequestContext } from '@playwright/test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { E2E_ADMIN } from '../e2e-admin';
import { expect, formHeaders, freshIp, login, test } from '../fixtures';
import { earnCertificate } from './earn';

test.use({ locale: 'en-GB' });

type Json = Record<string, unknown>;

/**
 * A third party's revocation check, written from the W3C Bitstring Status List spec and nothing
 * of the app: the credential JWT, the issuer's JWKS and the status list, both fetched over HTTP.
 */
async function thirdPartyStatus(jwt: string, http: APIRequestContext) {
	const unverified = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Json;
	const jwksUrl = new URL('.well-known/jwks.json', String(unverified.iss)).href;
	const jwks = (await (await http.get(jwksUrl)).json()) as JSONWebKeySet;
	const keys = createLocalJWKSet(jwks);

	const { payload: vc } = await jwtVerify<JWTPayload & Json>(jwt, keys, {
		issuer: unverified.iss as string
	});
	const entry = vc.credentialStatus as Json;
	expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
	expect(entry.statusListIndex).toMatch(/^\d+$/);

	const response = await http.get(String(entry.statusListCredential));
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/vc+jwt');
	expect(response.headers()['cache-control']).toMatch(/max-age=0|no-cache|no-store/);
	const { payload: list } = await jwtVerify<JWTPayload & Json>(await response.text(), keys, {
		issuer: unverified.iss as string
	});
	expect(list.id).toBe(entry.statusListCredential);
	expect(list.type).toContain('BitstringStatusListCredential');
	expect(Date.parse(String(list.validUntil))).toBeGreaterThan(Date.now());
	const subject = list.credentialSubject as Json;
	expect(subject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation' });

	const encoded = String(subject.encodedList);
	expect(encoded[0]).toBe('u'); // multibase base64url
	const bitstring = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
	expect(bitstring.length).toBeGreaterThanOrEqual(16 * 1024);
	const index = Number(entry.statusListIndex);
	const bit = (bitstring[Math.floor(index / 8)] >> (7 - (index % 8))) & 1; // bit 0 = left-most
	return bit === 1 ? 'revoked' : 'active';
}

test('a credential saved before its revocation is reported revoked by anyone, from the status list alone', async ({
	page,
	browser,
	request,
	baseURL
}) => {
	test.setTimeout(360_000);
	const learner = await earnCertificate(page, 'Stat Uslist');
	const jwt = await (await page.request.get(`${learner.url}.jwt`)).text();
	expect(await thirdPartyStatus(jwt, request)).toBe('active');

	const adminContext = await browser.newContext({
		locale: 'en-GB',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const admin = await adminContext.newPage();
	await login(admin, E2E_ADMIN.email, E2E_ADMIN.password);
	await admin.waitForURL((url) => url.pathname !== '/login');
	const revoked = await admin.request.post(`${learner.url}?/revoke`, {
		headers: formHeaders(baseURL),
		form: { code: learner.code, reason: 'Status list e2e' }
	});
	expect(revoked.status()).toBe(200);
	await adminContext.close();

	// At once: no cache stands between the revocation and the list.
	expect(await thirdPartyStatus(jwt, request)).toBe('revoked');

	// The app's own check says so too, and names the list.
	await page.goto('/certificates/verify');
	await page.getByLabel('Paste the credential').fill(jwt);
	await page.getByRole('button', { name: 'Check credential' }).click();
	const verdict = page.getByRole('status');
	await expect(verdict).toContainText('The credential is not valid.');
	await expect(verdict).toContainText('Signature: holds.');
	await expect(verdict).toContainText('Status: fails. Revoked on');
	await expect(verdict).toContainText('The published status list marks it as revoked.');
});

test('the status list is public, signed and at least 16 KiB, for any origin', async ({
	request
}) => {
	const response = await request.get('/certificates/status/1');
	expect(response.status()).toBe(200);
	expect(response.headers()['access-control-allow-origin']).toBe('*');
	const [header, payload] = (await response.text()).split('.');
	expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
		alg: 'EdDSA',
		typ: 'JWT'
	});
	const list = JSON.parse(Buffer.from(payload, 'base64url').toString());
	expect(list['@context']).toEqual(['https://www.w3.org/ns/credentials/v2']);
	const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
	expect(bits.length).toBe(16 * 1024);
});
