import {
	createLocalJWKSet,
	decodeJwt,
	decodeProtectedHeader,
	errors,
	jwtVerify,
	type JSONWebKeySet,
	type JWTPayload
} from 'jose';
import {
	CLAIM,
	LTI_VERSION,
	MESSAGE_TYPES,
	type LaunchClaims,
	type MessageType,
	type VerifiedLaunch
} from './claims';
import type { LtiPlatform } from './registrations';

/**
 * Clock skew allowed on `exp` and `iat` (the most common field failure): one minute either way.
 * Platforms sign tokens that live a few minutes, so a minute is lenient without being loose.
 */
export const LEEWAY_S = 60;

export type LaunchErrorCode =
	| 'malformed'
	| 'alg'
	| 'iss'
	| 'aud'
	| 'signature'
	| 'unknown_kid'
	| 'jwks_unavailable'
	| 'expired'
	| 'iat_future'
	| 'state'
	| 'nonce'
	| 'deployment'
	| 'message_type'
	| 'claims';

/** A refused launch. `returnUrl` is only set once the platform's signature was verified. */
export class LaunchError extends Error {
	constructor(
		readonly code: LaunchErrorCode,
		readonly returnUrl?: string
	) {
		super(`LTI launch refused: ${code}`);
	}
}

export interface ConsumedLogin {
	nonce: string;
	platformId: string;
	targetLinkUri: string;
}

/** Everything `verifyLaunch` reads from outside: tests pass fakes, the app the database and network. */
export interface LaunchDeps {
	/** Every registration of an issuer (one per client id). */
	platforms(issuer: string): Promise<LtiPlatform[]>;
	/** The platform's key set; `refresh` asks for a fresh copy (an unknown `kid` was seen). */
	jwks(platform: LtiPlatform, refresh: boolean): Promise<JSONWebKeySet>;
	isDeployment(platformId: string, deploymentId: string): Promise<boolean>;
	/** Deletes and returns the login step of `state` (atomically: one caller gets it). */
	consumeLogin(state: string): Promise<ConsumedLogin | undefined>;
	now(): Date;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The client id the token is meant for (LTI Core §5.1.3 / OIDC Core §3.1.3.7 steps 3–5). */
function audienceOf(payload: JWTPayload): string {
	const aud = payload.aud;
	const list = Array.isArray(aud) ? aud : str(aud) ? [aud] : [];
	if (list.length === 0 || !list.every(str)) throw new LaunchError('aud');
	if (payload.azp !== undefined && (!str(payload.azp) || !list.includes(payload.azp)))
		throw new LaunchError('aud');
	if (list.length > 1 && payload.azp === undefined) throw new LaunchError('aud');
	return (payload.azp as string | undefined) ?? list[0];
}

async function verifySignature(token: string, platform: LtiPlatform, deps: LaunchDeps) {
	const options = {
		algorithms: ['RS256'],
		issuer: platform.issuer,
		audience: platform.clientId,
		clockTolerance: LEEWAY_S,
		currentDate: deps.now(),
		requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce']
	};
	for (const refresh of [false, true]) {
		let keys: JSONWebKeySet;
		try {
			keys = await deps.jwks(platform, refresh);
		} catch {
			throw new LaunchError('jwks_unavailable');
		}
		try {
			const { payload } = await jwtVerify(token, createLocalJWKSet(keys), options);
			return payload;
		} catch (e) {
			if (e instanceof errors.JWKSNoMatchingKey) {
				if (refresh) throw new LaunchError('unknown_kid');
				continue; // the platform may have rotated its key: fetch its JWKS once more
			}
			// Both come after jose verified the signature: the platform's return_url can be trusted.
			if (e instanceof errors.JWTExpired || e instanceof errors.JWTClaimValidationFailed) {
				const back = (e.payload as Partial<LaunchClaims>)[CLAIM.launchPresentation]?.return_url;
				if (e instanceof errors.JWTExpired) throw new LaunchError('expired', back);
				const code = ({ iss: 'iss', aud: 'aud', nbf: 'iat_future' } as const)[e.claim as 'iss'];
				throw new LaunchError(code ?? 'claims', back);
			}
			if (e instanceof errors.JOSEAlgNotAllowed) throw new LaunchError('alg');
			if (e instanceof errors.JWKSMultipleMatchingKeys) throw new LaunchError('unknown_kid');
			throw new LaunchError('signature');
		}
	}
	throw new LaunchError('unknown_kid');
}

function checkMessage(claims: LaunchClaims) {
	const type = claims[CLAIM.messageType];
	if (!MESSAGE_TYPES.includes(type as MessageType)) throw new LaunchError('message_type');
	if (claims[CLAIM.version] !== LTI_VERSION) throw new LaunchError('message_type');
	if (
		!Array.isArray(claims[CLAIM.roles]) ||
		!claims[CLAIM.roles].every((r) => typeof r === 'string')
	)
		throw new LaunchError('claims');
	if (type === 'LtiResourceLinkRequest') {
		if (!str(claims[CLAIM.resourceLink]?.id)) throw new LaunchError('claims');
		if (!str(claims[CLAIM.targetLinkUri])) throw new LaunchError('claims');
	}
	if (type === 'LtiDeepLinkingRequest') {
		const settings = claims[CLAIM.deepLinkingSettings];
		if (!str(settings?.deep_link_return_url) || !Array.isArray(settings.accept_types))
			throw new LaunchError('claims');
	}
	const context = claims[CLAIM.context];
	if (context !== undefined && !str(context?.id)) throw new LaunchError('claims');
}

/**
 * Verifies an LTI 1.3 launch (1EdTech Security Framework §5.1.3, LTI Core §5.1.3): RS256 only,
 * signature by `kid`, `iss`/`aud`/`azp` against a registration, `exp`/`iat` with LEEWAY_S,
 * deployment, message type and version, required claims; last, the login step of `state` is
 * consumed and its nonce compared, so parallel replays of one token give exactly one success.
 */
export async function verifyLaunch(
	idToken: string,
	state: string,
	deps: LaunchDeps
): Promise<VerifiedLaunch> {
	if (!str(idToken) || !str(state)) throw new LaunchError('malformed');
	let header: ReturnType<typeof decodeProtectedHeader>;
	let unverified: JWTPayload;
	try {
		header = decodeProtectedHeader(idToken);
		unverified = decodeJwt(idToken);
	} catch {
		throw new LaunchError('malformed');
	}
	if (header.alg !== 'RS256') throw new LaunchError('alg');
	if (!str(header.kid)) throw new LaunchError('unknown_kid');
	if (!str(unverified.iss)) throw new LaunchError('iss');
	const clientId = audienceOf(unverified);
	const registrations = await deps.platforms(unverified.iss);
	if (registrations.length === 0) throw new LaunchError('iss');
	const platform = registrations.find((p) => p.clientId === clientId);
	if (!platform) throw new LaunchError('aud');

	const payload = await verifySignature(idToken, platform, deps);
	const claims = payload as unknown as LaunchClaims;
	const returnUrl = claims[CLAIM.launchPresentation]?.return_url;
	const refuse = (code: LaunchErrorCode) => new LaunchError(code, returnUrl);
	if (audienceOf(payload) !== platform.clientId) throw refuse('aud');
	const now = deps.now().getTime() / 1000;
	if ((payload.iat as number) > now + LEEWAY_S) throw refuse('iat_future');
	if (!str(payload.sub) || !str(payload.nonce)) throw refuse('claims');
	checkMessage(claims);
	const deploymentId = claims[CLAIM.deploymentId];
	if (!str(deploymentId) || !(await deps.isDeployment(platform.id, deploymentId)))
		throw refuse('deployment');

	const login = await deps.consumeLogin(state);
	if (!login || login.platformId !== platform.id) throw refuse('state');
	if (login.nonce !== payload.nonce) throw refuse('nonce');
	return {
		platformId: platform.id,
		deploymentId,
		messageType: claims[CLAIM.messageType],
		claims
	};
}
