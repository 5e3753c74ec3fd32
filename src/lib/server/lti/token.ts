import { and, eq, gt, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type { Db } from '../db';
import { ltiAccessToken } from '../db/schema';
import { toolSigningKey } from './keys';

/** The OAuth2 scopes of LTI Advantage (AGS 2.0 §3.1, NRPS 2.0 §2.4). */
export const SCOPES = {
	lineitem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
	lineitemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
	resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
	score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
	memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'
} as const;

/** What a token request needs of a registration (a row of `lti_platform`). */
export interface TokenPlatform {
	id: string;
	clientId: string;
	tokenUrl: string;
}

export interface ServiceOptions {
	fetch?: typeof fetch;
	now?: Date;
	/** The tool's signing key; `toolSigningKey()` unless a test passes its own. */
	signingKey?: () => Promise<{ kid: string; key: CryptoKey }>;
}

/** A refusal or failure of a platform's service; `status` 0 when no HTTP answer came. */
export class LtiServiceError extends Error {
	constructor(
		message: string,
		readonly status: number
	) {
		super(message);
	}
	/** 4xx except timeouts and rate limits: asking again gets the same answer. */
	get permanent() {
		return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
	}
}

/** A token this close to its expiry is not used: a request that starts now must finish in time. */
const EXPIRY_MARGIN_SECONDS = 60;
/** The client assertion lives this long (1EdTech Security Framework §4.1: short-lived). */
const ASSERTION_SECONDS = 300;

/**
 * The RFC 7523 client assertion (`private_key_jwt`) that authenticates the tool at the platform's
 * token endpoint: iss = sub = client_id, aud = the token URL, a unique jti, RS256 with the tool key.
 */
export async function clientAssertion(platform: TokenPlatform, options: ServiceOptions = {}) {
	const { kid, key } = await (options.signingKey ?? toolSigningKey)();
	// The real clock, also when a test moves `options.now`: the platform checks iat and exp with its own.
	const now = Math.floor(Date.now() / 1000);
	return new SignJWT({})
		.setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
		.setIssuer(platform.clientId)
		.setSubject(platform.clientId)
		.setAudience(platform.tokenUrl)
		.setIssuedAt(now)
		.setExpirationTime(now + ASSERTION_SECONDS)
		.setJti(crypto.randomUUID())
		.sign(key);
}

/** The cache key: the same scopes in any order are one token. */
export const scopeKey = (scopes: readonly string[]) => [...new Set(scopes)].sort().join(' ');

/**
 * An access token for these scopes: from `lti_access_token` while it has more than a minute left,
 * else a new one by the client-credentials grant (which every app process then shares).
 */
export async function accessToken(
	db: Db,
	platform: TokenPlatform,
	scopes: readonly string[],
	options: ServiceOptions = {}
): Promise<string> {
	const now = options.now ?? new Date();
	const key = scopeKey(scopes);
	const [cached] = await db
		.select({ token: ltiAccessToken.token })
		.from(ltiAccessToken)
		.where(
			and(
				eq(ltiAccessToken.platformId, platform.id),
				eq(ltiAccessToken.scopes, key),
				gt(ltiAccessToken.expiresAt, new Date(now.getTime() + EXPIRY_MARGIN_SECONDS * 1000))
			)
		);
	if (cached) return cached.token;

	const body = new URLSearchParams({
		grant_type: 'client_credentials',
		client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		client_assertion: await clientAssertion(platform, options),
		scope: key
	});
	let response: Response;
	try {
		response = await (options.fetch ?? fetch)(platform.tokenUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json'
			},
			body,
			signal: AbortSignal.timeout(15_000)
		});
	} catch (e) {
		throw new LtiServiceError(`token endpoint: ${(e as Error).message}`, 0);
	}
	const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	if (!response.ok || typeof json.access_token !== 'string') {
		const reason = typeof json.error === 'string' ? json.error : response.statusText;
		// A refused assertion is a registration problem the admin can fix (wrong client id, JWKS
		// URL): retried like a server error, not recorded as the learner's permanent refusal.
		throw new LtiServiceError(
			`token endpoint ${response.status}: ${reason}`,
			response.ok ? 502 : 503
		);
	}
	const seconds = Number(json.expires_in);
	const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds : 3600;
	const expiresAt = new Date(now.getTime() + lifetime * 1000);
	await db
		.insert(ltiAccessToken)
		.values({ platformId: platform.id, scopes: key, token: json.access_token, expiresAt })
		.onConflictDoUpdate({
			target: [ltiAccessToken.platformId, ltiAccessToken.scopes],
			set: { token: json.access_token, expiresAt }
		});
	return json.access_token;
}

/** Drops a token the platform refused (revoked before its expiry): the next call asks anew. */
export async function forgetAccessToken(db: Db, platformId: string, token: string) {
	await db
		.delete(ltiAccessToken)
		.where(and(eq(ltiAccessToken.platformId, platformId), eq(ltiAccessToken.token, token)));
}

/**
 * A call to an LTI service with a bearer token; a 401 (token revoked or expired early) drops the
 * cached token and tries once more with a new one.
 */
export async function serviceFetch(
	db: Db,
	platform: TokenPlatform,
	scopes: readonly string[],
	url: string,
	init: RequestInit,
	options: ServiceOptions = {}
): Promise<Response> {
	for (let round = 0; ; round++) {
		const token = await accessToken(db, platform, scopes, options);
		let response: Response;
		try {
			response = await (options.fetch ?? fetch)(url, {
				...init,
				headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
				signal: AbortSignal.timeout(15_000)
			});
		} catch (e) {
			throw new LtiServiceError(`${init.method ?? 'GET'} ${url}: ${(e as Error).message}`, 0);
		}
		if (response.status !== 401 || round > 0) return response;
		await forgetAccessToken(db, platform.id, token);
	}
}

/** Throws an LtiServiceError for a non-2xx answer, with the start of its body for the log. */
export async function expectOk(response: Response, what: string): Promise<Response> {
	if (response.ok) return response;
	const text = (await response.text().catch(() => '')).slice(0, 300);
	throw new LtiServiceError(`${what}: ${response.status} ${text}`.trim(), response.status);
}

/** Removes tokens that have expired (called by the score worker now and then). */
export async function pruneAccessTokens(db: Db) {
	await db.delete(ltiAccessToken).where(sql`${ltiAccessToken.expiresAt} < now()`);
}
