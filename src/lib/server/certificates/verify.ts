import { compactVerify, createLocalJWKSet, decodeJwt, type JSONWebKeySet } from 'jose';
import { isCertificateCode } from '$lib/certificates/code';
import { ALG } from './keys';
import { certificateUrl, issuerId, type CertificateRecord } from './credential';

export type CheckState = 'pass' | 'fail' | 'skip';
export type Mismatch = 'code' | 'name' | 'date' | 'result';

export interface CredentialCheck {
	/** Is it a JWT with a JSON payload at all? When not, nothing else was checked. */
	readable: boolean;
	signature: CheckState;
	issuer: CheckState;
	/** The certificate exists and the credential's code, name, date and result are the recorded ones. */
	record: CheckState;
	mismatches: Mismatch[];
	/** Not revoked. */
	status: CheckState;
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

/**
 * Checks a VC-JWT against our published keys and the certificate it names. Each check is reported on
 * its own (a tampered name shows as a broken signature and a name that differs from the record); the
 * credential is valid only when all hold.
 */
export async function checkCredential(
	jwt: string,
	ctx: {
		jwks: JSONWebKeySet;
		origin: string;
		lookup: (code: string) => Promise<CertificateRecord | undefined>;
	}
): Promise<CredentialCheck> {
	let claims: Claims;
	try {
		claims = decodeJwt(jwt);
	} catch {
		const skip = { signature: 'skip', issuer: 'skip', record: 'skip', status: 'skip' } as const;
		return { readable: false, ...skip, mismatches: [], valid: false };
	}
	const signature = (await signatureHolds(jwt, ctx.jwks)) ? 'pass' : 'fail';
	const issuer = issuerId(ctx.origin);
	const issuerOk = claims.iss === issuer && obj(claims.issuer).id === issuer;
	const code = codeOf(claims, ctx.origin);
	const certificate = code ? await ctx.lookup(code) : undefined;
	const mismatches = certificate ? mismatchesOf(claims, certificate) : (['code'] as Mismatch[]);
	const result: CredentialCheck = {
		readable: true,
		signature,
		issuer: issuerOk ? 'pass' : 'fail',
		record: mismatches.length === 0 ? 'pass' : 'fail',
		mismatches,
		status: !certificate ? 'skip' : certificate.revokedAt ? 'fail' : 'pass',
		valid: false,
		certificate
	};
	result.valid = [result.signature, result.issuer, result.record, result.status].every(
		(s) => s === 'pass'
	);
	return result;
}
