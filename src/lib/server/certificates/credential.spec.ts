import { base64url, generateKeyPair, type CryptoKey, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCredential, signCredential, type CertificateRecord } from './credential';
import { keysFromJwk, newPrivateJwk } from './keys';
import { buildStatusList, signStatusList } from './status-list';
import { checkCredential, extractJwt } from './verify';

const origin = 'https://lernpfad.example.org';
const record: CertificateRecord = {
	code: 'abcdefghijklmnopqrstuvwxyz234567',
	name: 'Zoë Müller-Łukasiewicz',
	issuedAt: new Date('2026-03-14T09:30:00.123Z'),
	percent: 93,
	locale: 'de',
	revokedAt: null,
	statusIndex: 4242
};
const achievement = {
	name: 'KVM on Z vs. ESXi – Zertifikat',
	description: 'Kurs',
	criteria: 'Alles bestanden',
	resultName: 'Gesamtergebnis'
};

let key: { kid: string; privateKey: CryptoKey; jwks: JSONWebKeySet };
let other: { kid: string; privateKey: CryptoKey };

beforeAll(async () => {
	key = await keysFromJwk(await newPrivateJwk());
	other = {
		kid: 'other',
		privateKey: (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey
	};
});

const listUrl = `${origin}/certificates/status/1`;

/** Our status list with `revoked` bits set, as the endpoint would serve it. */
const listJwt = (revoked: number[] = []) =>
	signStatusList(buildStatusList(listUrl, `${origin}/`, revoked), key);

const check = (
	jwt: string,
	stored: CertificateRecord | undefined = record,
	list: () => Promise<string> = () => listJwt()
) =>
	checkCredential(jwt, {
		jwks: key.jwks,
		origin,
		lookup: async (c) => (c === stored?.code ? stored : undefined),
		statusList: (url) => (url === listUrl ? list() : undefined)
	});

/** Re-encodes the payload with `change` applied, keeping the original header and signature. */
function tamper(jwt: string, change: (payload: Record<string, unknown>) => void) {
	const [header, payload, signature] = jwt.split('.');
	const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
	change(claims);
	return [header, base64url.encode(JSON.stringify(claims)), signature].join('.');
}

describe('credential', () => {
	it('is an Open Badges 3.0 credential in the VC 2.0 data model', () => {
		const vc = buildCredential(record, origin, achievement);
		expect(vc['@context'][0]).toBe('https://www.w3.org/ns/credentials/v2');
		expect(vc['@context'][1]).toMatch(
			/^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context-3\.0\.\d\.json$/
		);
		expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
		expect(vc.id).toBe(`${origin}/certificates/${record.code}`);
		expect(vc.issuer).toMatchObject({ id: `${origin}/`, type: ['Profile'], name: 'Lernpfad' });
		expect(vc.validFrom).toBe('2026-03-14T09:30:00.123Z');
		expect(vc.credentialSubject.achievement).toMatchObject({
			type: ['Achievement'],
			name: achievement.name
		});
		expect(vc.credentialSubject.identifier[0].identityHash).toBe(record.name);
		expect(vc.credentialSubject.result[0].value).toBe('93');
	});

	it('verifies with the public key and matches the record', async () => {
		const jwt = await signCredential(buildCredential(record, origin, achievement), key);
		const result = await check(jwt);
		expect(result).toMatchObject({
			readable: true,
			signature: 'pass',
			issuer: 'pass',
			record: 'pass',
			status: 'pass',
			valid: true
		});
		const [header] = jwt.split('.');
		expect(JSON.parse(new TextDecoder().decode(base64url.decode(header)))).toEqual({
			alg: 'EdDSA',
			kid: key.kid,
			typ: 'JWT'
		});
	});

	it('fails when the name, date or code was changed after signing', async () => {
		const jwt = await signCredential(buildCredential(record, origin, achievement), key);
		const renamed = await check(
			tamper(jwt, (p) => {
				(
					p.credentialSubject as { identifier: { identityHash: string }[] }
				).identifier[0].identityHash = 'Mallory';
			})
		);
		// W21: with a broken signature nothing else is trusted, so nothing else shows as pass or fail.
		expect(renamed).toEqual({
			readable: true,
			signature: 'fail',
			issuer: 'skip',
			record: 'skip',
			status: 'skip',
			statusList: 'skip',
			mismatches: [],
			valid: false
		});
		const redated = await check(tamper(jwt, (p) => (p.validFrom = '2025-01-01T00:00:00.000Z')));
		expect(redated).toMatchObject({ signature: 'fail', record: 'skip', valid: false });
		const unrevoked = await check(
			tamper(jwt, (p) => delete p.credentialStatus),
			{ ...record, revokedAt: new Date('2026-04-01T00:00:00Z') },
			() => listJwt([record.statusIndex!])
		);
		expect(unrevoked).toMatchObject({ signature: 'fail', status: 'skip', valid: false });
		const otherCode = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
		const recoded = await check(
			tamper(jwt, (p) => {
				p.id = p.jti = `${origin}/certificates/${otherCode}`;
			})
		);
		expect(recoded).toMatchObject({
			signature: 'fail',
			issuer: 'skip',
			record: 'skip',
			mismatches: [],
			valid: false
		});
	});

	it('fails when signed by us but with a name, date, result or code the record does not have', async () => {
		for (const [changed, mismatch] of [
			[{ name: 'Mallory' }, 'name'],
			[{ issuedAt: new Date('2026-03-15T09:30:00Z') }, 'date'],
			[{ percent: 100 }, 'result']
		] as const) {
			const jwt = await signCredential(
				buildCredential({ ...record, ...changed }, origin, achievement),
				key
			);
			const result = await check(jwt);
			expect(result.signature).toBe('pass');
			expect(result.mismatches).toEqual([mismatch]);
			expect(result.valid).toBe(false);
		}
		const unknown = await signCredential(
			buildCredential({ ...record, code: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }, origin, achievement),
			key
		);
		expect(await check(unknown)).toMatchObject({
			signature: 'pass',
			record: 'fail',
			mismatches: ['code'],
			status: 'skip',
			valid: false
		});
	});

	it('carries a Bitstring Status List entry pointing at its bit in the published list', () => {
		const vc = buildCredential(record, origin, achievement);
		expect(vc.credentialStatus).toEqual({
			id: `${listUrl}#4242`,
			type: 'BitstringStatusListEntry',
			statusPurpose: 'revocation',
			statusListIndex: '4242',
			statusListCredential: listUrl
		});
		expect(vc.credentialSubject.achievement.resultDescription[0].name).toBe('Gesamtergebnis');
		expect(
			buildCredential({ ...record, statusIndex: null }, origin, achievement)
		).not.toHaveProperty('credentialStatus');
	});

	it('is revoked when the status list says so, even if the record does not', async () => {
		const jwt = await signCredential(buildCredential(record, origin, achievement), key);
		expect(await check(jwt)).toMatchObject({ status: 'pass', statusList: 'active', valid: true });
		// Other bits do not matter; this one does.
		const neighbours = [record.statusIndex! - 1, record.statusIndex! + 1];
		expect(await check(jwt, record, () => listJwt(neighbours))).toMatchObject({ valid: true });
		expect(await check(jwt, record, () => listJwt([record.statusIndex!]))).toMatchObject({
			signature: 'pass',
			record: 'pass',
			status: 'fail',
			statusList: 'revoked',
			valid: false
		});
	});

	it('fails the status when the list cannot be trusted; a credential older than the list uses the record', async () => {
		const jwt = await signCredential(buildCredential(record, origin, achievement), key);
		const forged = () =>
			signStatusList(buildStatusList(listUrl, `${origin}/`, []), { ...other, kid: key.kid });
		const stale = () =>
			signStatusList(
				buildStatusList(listUrl, `${origin}/`, [], new Date(Date.now() - 3 * 86_400_000)),
				key
			);
		const elsewhere = () =>
			signStatusList(buildStatusList(`${origin}/other`, `${origin}/`, []), key);
		for (const list of [forged, stale, elsewhere, async () => 'not.a.jwt']) {
			expect(await check(jwt, record, list)).toMatchObject({
				status: 'fail',
				statusList: 'error',
				valid: false
			});
		}
		const foreignList = await signCredential(
			{
				...buildCredential(record, origin, achievement),
				credentialStatus: {
					...buildCredential(record, origin, achievement).credentialStatus!,
					statusListCredential: 'https://evil.example/list'
				}
			},
			key
		);
		expect(await check(foreignList)).toMatchObject({ statusList: 'error', valid: false });
		const older = await signCredential(
			buildCredential({ ...record, statusIndex: null }, origin, achievement),
			key
		);
		expect(await check(older)).toMatchObject({ status: 'pass', statusList: 'absent', valid: true });
	});

	it('fails when signed by another key, under its own kid or ours', async () => {
		const vc = buildCredential(record, origin, achievement);
		expect(await check(await signCredential(vc, other))).toMatchObject({
			signature: 'fail',
			valid: false
		});
		expect(await check(await signCredential(vc, { ...other, kid: key.kid }))).toMatchObject({
			signature: 'fail',
			valid: false
		});
	});

	it('fails for another issuer and for a revoked certificate', async () => {
		const foreign = await signCredential(
			buildCredential(record, 'https://evil.example', achievement),
			key
		);
		expect(await check(foreign)).toMatchObject({ issuer: 'fail', valid: false });
		const jwt = await signCredential(buildCredential(record, origin, achievement), key);
		const revoked = await check(jwt, { ...record, revokedAt: new Date('2026-04-01T00:00:00Z') });
		expect(revoked).toMatchObject({
			signature: 'pass',
			record: 'pass',
			status: 'fail',
			valid: false
		});
	});

	it('reports text that is no JWT as unreadable and finds a JWT inside other text', async () => {
		expect(await check('not a credential')).toMatchObject({ readable: false, valid: false });
		expect(await check('a.b.c')).toMatchObject({ readable: false, valid: false });
		expect(extractJwt('{"credential": "aa.bb.cc"}\n')).toBe('aa.bb.cc');
		expect(extractJwt('nothing here')).toBeUndefined();
	});
});
