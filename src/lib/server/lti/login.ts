import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { and, eq, gt, lt } from 'drizzle-orm';
import { tokenHash } from '../auth/token';
import { db as appDb, type Db } from '../db';
import { ltiLogin } from '../db/schema';
import { isDeployment, platformsOf, type LtiPlatform } from './registrations';
import type { ConsumedLogin } from './launch';

/** A login step must be finished (the platform posts the id_token) within ten minutes. */
export const LOGIN_LIFETIME_MS = 10 * 60 * 1000;
export const LAUNCH_PATH = '/lti/launch';

export interface LoginRequest {
	iss?: string;
	login_hint?: string;
	target_link_uri?: string;
	lti_message_hint?: string;
	client_id?: string;
	lti_deployment_id?: string;
	lti_storage_target?: string;
}

export type LoginErrorCode = 'login_params' | 'iss' | 'client_id' | 'target' | 'deployment';

export type LoginStart =
	| { ok: false; code: LoginErrorCode }
	| {
			ok: true;
			/** Where the browser goes next: the platform's OIDC authorization endpoint. */
			redirect: string;
			state: string;
			platform: LtiPlatform;
			storageTarget: string | null;
	  };

const random = (bytes = 32) =>
	encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
export const stateHash = tokenHash;

/** Picks the registration: by client_id when the platform sends it, else the issuer's only one. */
async function registrationFor(database: Db, req: LoginRequest) {
	const candidates = await platformsOf(req.iss!, database);
	if (candidates.length === 0) return 'iss' as const;
	if (req.client_id) return candidates.find((p) => p.clientId === req.client_id) ?? 'client_id';
	return candidates.length === 1 ? candidates[0] : ('client_id' as const);
}

/**
 * Third-party initiated login (LTI Core §4.1, Security Framework §5.1.1): checks the request
 * against a registration, records state and nonce, and answers the authentication request.
 */
export async function startLogin(
	req: LoginRequest,
	toolOrigin: string,
	database: Db = appDb(),
	now = new Date()
): Promise<LoginStart> {
	if (!req.iss || !req.login_hint || !req.target_link_uri)
		return { ok: false, code: 'login_params' };
	let target: URL;
	try {
		target = new URL(req.target_link_uri);
	} catch {
		return { ok: false, code: 'target' };
	}
	if (target.origin !== toolOrigin) return { ok: false, code: 'target' };
	const platform = await registrationFor(database, req);
	if (typeof platform === 'string') return { ok: false, code: platform };
	if (req.lti_deployment_id && !(await isDeployment(platform.id, req.lti_deployment_id, database)))
		return { ok: false, code: 'deployment' };

	const state = random();
	const nonce = random();
	const storageTarget = req.lti_storage_target?.slice(0, 200) || null;
	await database.delete(ltiLogin).where(lt(ltiLogin.expiresAt, now));
	await database.insert(ltiLogin).values({
		stateHash: stateHash(state),
		nonce,
		platformId: platform.id,
		targetLinkUri: target.href,
		storageTarget,
		expiresAt: new Date(now.getTime() + LOGIN_LIFETIME_MS)
	});
	const auth = new URL(platform.authUrl);
	const params: Record<string, string> = {
		scope: 'openid',
		response_type: 'id_token',
		response_mode: 'form_post',
		prompt: 'none',
		client_id: platform.clientId,
		redirect_uri: toolOrigin + LAUNCH_PATH,
		login_hint: req.login_hint,
		state,
		nonce
	};
	if (req.lti_message_hint) params.lti_message_hint = req.lti_message_hint;
	for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
	return { ok: true, redirect: auth.href, state, platform, storageTarget };
}

/** The login step of `state`, without consuming it (which frame holds the platform storage). */
export async function peekLogin(state: string, database: Db = appDb(), now = new Date()) {
	const [row] = await database
		.select()
		.from(ltiLogin)
		.where(and(eq(ltiLogin.stateHash, stateHash(state)), gt(ltiLogin.expiresAt, now)));
	return row;
}

/** Deletes and returns the login step: of parallel launches with one state, exactly one gets it. */
export async function consumeLogin(
	state: string,
	database: Db = appDb(),
	now = new Date()
): Promise<ConsumedLogin | undefined> {
	const [row] = await database
		.delete(ltiLogin)
		.where(and(eq(ltiLogin.stateHash, stateHash(state)), gt(ltiLogin.expiresAt, now)))
		.returning();
	return row;
}
