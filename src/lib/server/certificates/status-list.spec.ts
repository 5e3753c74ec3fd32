import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { keysFromJwk, newPrivateJwk, type SigningKeys } from './keys';
import { buildStatusList, readRevocation, revocationEntry, signStatusList } from './status-list';

const url = 'https://lernpfad.example.org/certificates/status/1';
const issuer = 'https://lernpfad.example.org/';
const now = new Date('2026-06-01T12:00:00.750Z');
let key: SigningKeys;

beforeAll(async () => {
	key = await keysFromJwk(await newPrivateJwk());
});

describe('status list credential', () => {
	it('is a BitstringStatusListCredential, valid for a day from now, as a VC-JWT like the certificates', async () => {
		const list = buildStatusList(url, issuer, [3], now);
		expect(list).toMatchObject({
			'@context': ['https://www.w3.org/ns/credentials/v2'],
			id: url,
			type: ['VerifiableCredential', 'BitstringStatusListCredential'],
			issuer,
			validFrom: '2026-06-01T12:00:00.000Z',
			validUntil: '2026-06-02T12:00:00.000Z',
			credentialSubject: {
				id: `${url}#list`,
				type: 'BitstringStatusList',
				statusPurpose: 'revocation'
			}
		});
		const jwt = await signStatusList(list, key);
		expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
		const claims = decodeJwt(jwt);
		expect(claims).toMatchObject({ ...list, iss: issuer, jti: url });
		expect(claims.nbf).toBe(Date.parse(list.validFrom) / 1000);
		expect(claims.exp).toBe(Date.parse(list.validUntil) / 1000);
	});

	it('reads one entry’s bit, and only within the list’s validity', async () => {
		const jwt = await signStatusList(buildStatusList(url, issuer, [3], now), key);
		const read = (index: number, at = now) =>
			readRevocation({ index, url }, jwt, { jwks: key.jwks, issuer, now: at });
		expect(await read(3)).toBe('revoked');
		expect(await read(2)).toBe('active');
		expect(await read(4)).toBe('active');
		await expect(read(3, new Date('2026-06-03T12:00:00Z'))).rejects.toThrow(/status list/);
		await expect(read(3, new Date('2026-05-31T12:00:00Z'))).rejects.toThrow(/status list/);
		await expect(read(131_072)).rejects.toThrow(/out of range/);
		await expect(
			readRevocation({ index: 3, url }, jwt, {
				jwks: key.jwks,
				issuer: 'https://evil.example/',
				now
			})
		).rejects.toThrow(/status list/);
	});

	it('takes only a revocation entry with a decimal string index', () => {
		const entry = {
			type: 'BitstringStatusListEntry',
			statusPurpose: 'revocation',
			statusListIndex: '42',
			statusListCredential: url
		};
		expect(revocationEntry(entry)).toEqual({ index: 42, url });
		expect(revocationEntry([{ type: 'Other' }, entry])).toEqual({ index: 42, url });
		for (const bad of [
			{ ...entry, statusPurpose: 'suspension' },
			{ ...entry, statusListIndex: 42 },
			{ ...entry, statusListIndex: '-1' },
			{ ...entry, statusListIndex: '007' },
			{ ...entry, type: 'StatusList2021Entry' },
			{ ...entry, statusListCredential: undefined },
			undefined,
			'x'
		]) {
			expect(revocationEntry(bad)).toBeUndefined();
		}
	});
});
