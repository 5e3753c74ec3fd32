import { compactVerify, createLocalJWKSet, decodeJwt, type JSONWebKeySet } from 'jose';
import { isCertificateCode } from '$lib/certificates/code';
import { ALG } from './keys';
import { certificateUrl, issuerId, statusListUrl, type CertificateRecord } from './credential';
import { readRevocation, revocationEntry } from './status-list';

export type CheckState = 'pass' | 'fail' | 'skip';
export type Mismatch = 'code' | 'name' | 'date' | 'result';
/**
 * The credential's bit in the published status list: `absent` for a credential made before the
 * list (only the database answers then), `error` when the list could not be read or trusted.
 */
export type ListState = 'active' | 'revoked' | 'absent' | 'error' | 'skip';

export interface CredentialCheck {
	/** Is it a JWT with a JSON payload at all? When not, nothing else was checked. */
	readable: boolean;
	signature: CheckState;
	issuer: CheckState;
	/** The certificate exists and the credential's code, name, date and result are the recorded ones. */
	record: CheckState;
	mismatches: Mismatch[];
	/** Not revoked: neither in the database nor in the published status list. */
	status: CheckState;
	statusList: ListState;
	valid: boolean;
	/** The certificate the credential names, when there is one. */
	certificate?: CertificateRecord;
}

const JWT = /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

/** The first JWT in a pasted or uploaded text (so a JSON wrapper or stray whitespace does no harm). */
export function extractJwt(text: string): string | undefined {
	return JWT.exec(text)?.[0];
}

type Claims = Record<string, unknown>;
const obj = (v: unknown): Claims => (v && typeof v === 'object' ? (v as Claims) : {});
const first = (v: unknown): Claims => obj(Array.isArray(v) ? v[0] : undefined);

function codeOf(claims: Claims, origin: string): string | undefined {
	const id = claims.id;
	if (typeof id !== 'string' || claims.jti !== id) return undefined;
	const code = id.slice(certificateUrl(origin, '').length);
	return id === certificateUrl(origin, code) && isCertificateCode(code) ? code : undefined;
}

function mismatchesOf(claims: Claims, record: CertificateRecord): Mismatch[] {
	const subject = obj(claims.credentialSubject);
	const issued = record.issuedAt.toISOString();
	const found: Mismatch[] = [];
	if (first(subject.identifier).identityHash !== record.name) found.push('name');
	if (claims.validFrom !== issued || claims.nbf !== Math.floor(record.issuedAt.getTime() / 1000))
		found.push('date');
	if (first(subject.result).value !== String(record.percent)) found.push('result');
	return found;
}

async function signatureHolds(jwt: string, jwks: JSONWebKeySet) {
	try {
		await compactVerify(jwt, createLocalJWKSet(jwks), { algorithms: [ALG] });
		return true;
	} catch {
		return false;
	}
}

interface CheckContext {
	jwks: JSONWebKeySet;
	origin: string;
	lookup: (code: string) => Promise<CertificateRecord | undefined>;
	/** The status list's VC-JWT at `url`; undefined for a list that is not ours. */
	statusList: (url: string) => Promise<string> | undefined;
}

async function listState(claims: Claims, ctx: CheckContext): Promise<ListState> {
	if (claims.credentialStatus === undefined) return 'absent';
	const entry = revocationEntry(claims.credentialStatus);
	if (!entry || entry.url !== statusListUrl(ctx.origin)) return 'error';
	try {
		const list = await ctx.statusList(entry.url);
		if (!list) return 'error';
		return await readRevocation(entry, list, { jwks: ctx.jwks, issuer: issuerId(ctx.origin) });
	} catch {
		return 'error';
	}
}

const skipped = {
	issuer: 'skip',
	record: 'skip',
	status: 'skip',
	statusList: 'skip',
	mismatches: [],
	valid: false
} as const;

/**
 * Checks a VC-JWT against our published keys, the certificate it names and the status list. Each
 * check is reported on its own; the credential is valid only when all hold. When the signature does
 * not hold, nothing the credential says can be trusted, so the other checks are not made at all.
 */
export async function checkCredential(jwt: string, ctx: CheckContext): Promise<CredentialCheck> {
	let claims: Claims;
	try {
		claims = decodeJwt(jwt);
	} catch {
		return { readable: false, signature: 'skip', ...skipped, mismatches: [] };
	}
	if (!(await signatureHolds(jwt, ctx.jwks))) {
		return { readable: true, signature: 'fail', ...skipped, mismatches: [] };
	}
	const issuer = issuerId(ctx.origin);
	const issuerOk = claims.iss === issuer && obj(claims.issuer).id === issuer;
	const code = codeOf(claims, ctx.origin);
	const certificate = code ? await ctx.lookup(code) : undefined;
	const mismatches = certificate ? mismatchesOf(claims, certificate) : (['code'] as Mismatch[]);
	const statusList = await listState(claims, ctx);
	const statusFails = certificate?.revokedAt || statusList === 'revoked' || statusList === 'error';
	const result: CredentialCheck = {
		readable: true,
		signature: 'pass',
		issuer: issuerOk ? 'pass' : 'fail',
		record: mismatches.length === 0 ? 'pass' : 'fail',
		mismatches,
		status: !certificate ? 'skip' : statusFails ? 'fail' : 'pass',
		statusList,
		valid: false,
		certificate
	};
	result.valid = [result.signature, result.issuer, result.record, result.status].every(
		(s) => s === 'pass'
	);
	return result;
}
