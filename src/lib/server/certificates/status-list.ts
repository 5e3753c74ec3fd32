import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { bitAt, decodeBitstring, encodeBitstring } from './bitstring';
import { ALG } from './keys';
import { signVcJwt, type SigningKey } from './credential';

/** A copy of the list may be used offline this long; online verifiers fetch it every time. */
export const STATUS_LIST_VALIDITY_SECONDS = 24 * 60 * 60;

/** The revocation list as a W3C Bitstring Status List credential, at the time `now`. */
export function buildStatusList(
	url: string,
	issuer: string,
	revoked: Iterable<number>,
	now = new Date()
) {
	const from = Math.floor(now.getTime() / 1000);
	return {
		'@context': ['https://www.w3.org/ns/credentials/v2'],
		id: url,
		type: ['VerifiableCredential', 'BitstringStatusListCredential'],
		issuer,
		validFrom: new Date(from * 1000).toISOString(),
		validUntil: new Date((from + STATUS_LIST_VALIDITY_SECONDS) * 1000).toISOString(),
		credentialSubject: {
			id: `${url}#list`,
			type: 'BitstringStatusList',
			statusPurpose: 'revocation',
			encodedList: encodeBitstring(revoked)
		}
	};
}

export type StatusListCredential = ReturnType<typeof buildStatusList>;

/** Secured like the certificates' credentials: a VC-JWT with the same key, header and claims. */
export function signStatusList(list: StatusListCredential, key: SigningKey) {
	return signVcJwt(list, list.issuer, key);
}

/** The list is signed at request time: allow for a verifier whose clock is a little behind. */
const SKEW_MS = 5 * 60 * 1000;

export class StatusListError extends Error {}

type Claims = Record<string, unknown>;
const obj = (v: unknown): Claims => (v && typeof v === 'object' ? (v as Claims) : {});
const hasType = (v: unknown, type: string) => v === type || (Array.isArray(v) && v.includes(type));

/** The parts of a `credentialStatus` this checker understands: one revocation entry. */
export function revocationEntry(status: unknown) {
	const entries = Array.isArray(status) ? status : [status];
	const entry = entries.map(obj).find((e) => hasType(e.type, 'BitstringStatusListEntry'));
	if (!entry || entry.statusPurpose !== 'revocation') return undefined;
	const { statusListIndex: index, statusListCredential: url } = entry;
	if (typeof index !== 'string' || !/^(0|[1-9]\d{0,8})$/.test(index)) return undefined;
	if (typeof url !== 'string') return undefined;
	return { index: Number(index), url };
}

export type RevocationEntry = NonNullable<ReturnType<typeof revocationEntry>>;

/**
 * What any verifier does with a Bitstring Status List entry, and all that it needs: the list's
 * VC-JWT (as fetched from `entry.url`) and the issuer's key set. Verifies the list's signature,
 * issuer, validity period, type and purpose, inflates the bitstring and reads the entry's bit.
 * Throws a `StatusListError` when the list cannot be trusted or read.
 */
export async function readRevocation(
	entry: RevocationEntry,
	listJwt: string,
	ctx: { jwks: JSONWebKeySet; issuer: string; now?: Date }
): Promise<'active' | 'revoked'> {
	let list: Claims;
	try {
		({ payload: list } = await jwtVerify(listJwt, createLocalJWKSet(ctx.jwks), {
			algorithms: [ALG],
			issuer: ctx.issuer,
			currentDate: ctx.now,
			clockTolerance: SKEW_MS / 1000
		}));
	} catch (e) {
		throw new StatusListError(`status list: ${(e as Error).message}`);
	}
	const subject = obj(list.credentialSubject);
	if (obj(list.issuer).id !== ctx.issuer && list.issuer !== ctx.issuer) {
		throw new StatusListError('status list: another issuer');
	}
	const now = (ctx.now ?? new Date()).getTime();
	const from = list.validFrom === undefined ? -Infinity : Date.parse(String(list.validFrom));
	const until = list.validUntil === undefined ? Infinity : Date.parse(String(list.validUntil));
	if (!(from - SKEW_MS <= now && now <= until + SKEW_MS)) {
		throw new StatusListError('status list: outside its validity period');
	}
	if (list.id !== entry.url || !hasType(list.type, 'BitstringStatusListCredential')) {
		throw new StatusListError('status list: not the list the entry names');
	}
	if (!hasType(subject.type, 'BitstringStatusList') || subject.statusPurpose !== 'revocation') {
		throw new StatusListError('status list: not a revocation list');
	}
	let bits: Uint8Array;
	try {
		bits = decodeBitstring(String(subject.encodedList));
	} catch (e) {
		throw new StatusListError(`status list: ${(e as Error).message}`);
	}
	if (entry.index >= bits.length * 8) throw new StatusListError('status list: index out of range');
	return bitAt(bits, entry.index) ? 'revoked' : 'active';
}
