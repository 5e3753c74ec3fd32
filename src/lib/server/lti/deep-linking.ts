import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, gt, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { newToken, tokenHash } from '../auth/token';
import { db as appDb, type Db } from '../db';
import { ltiDeepLink, ltiPlatform, type Locale } from '../db/schema';
import { CLAIM, isTeachingRole, type VerifiedLaunch } from './claims';
import { toolSigningKey } from './keys';
import { COURSE_RESOURCE } from './score-outbox';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

/** Deep Linking 2.0 §4.4.1 `deep_linking_settings`; only `deep_link_return_url` and `accept_types` are required. */
export interface DeepLinkingSettings {
	deep_link_return_url: string;
	accept_types: string[];
	accept_presentation_document_targets?: string[];
	accept_multiple?: boolean;
	accept_lineitem?: boolean;
	data?: string;
	title?: string;
}

export class DeepLinkingError extends Error {
	constructor(readonly reason: 'not_instructor' | 'no_resource_links' | 'bad_settings') {
		super(`deep linking: ${reason}`);
	}
}

/** The picker is a page the teacher fills in within this time. */
const PICK_MINUTES = 60;
/** The reply's lifetime: the platform checks `exp` when the browser posts it back. */
const REPLY_SECONDS = 300;

function settingsOf(launch: VerifiedLaunch): DeepLinkingSettings {
	const s = launch.claims[CLAIM.deepLinkingSettings] as DeepLinkingSettings | undefined;
	if (!s || typeof s.deep_link_return_url !== 'string' || !Array.isArray(s.accept_types))
		throw new DeepLinkingError('bad_settings');
	const protocol = URL.canParse(s.deep_link_return_url) && new URL(s.deep_link_return_url).protocol;
	if (protocol !== 'https:' && protocol !== 'http:') throw new DeepLinkingError('bad_settings');
	return s;
}

/**
 * For a verified `LtiDeepLinkingRequest`: keeps what the reply needs (return URL, `data`,
 * deployment) under a random token and returns the picker's path. The token in the path is the
 * teacher's authority on the picker — no cookie needed inside the LMS's iframe.
 */
export async function startDeepLinking(launch: VerifiedLaunch, db: Db = appDb()): Promise<string> {
	const settings = settingsOf(launch);
	const roles = launch.claims[CLAIM.roles];
	if (!Array.isArray(roles) || !roles.some(isTeachingRole))
		throw new DeepLinkingError('not_instructor');
	if (!settings.accept_types.includes('ltiResourceLink'))
		throw new DeepLinkingError('no_resource_links');
	const token = newToken();
	await db.delete(ltiDeepLink).where(sql`${ltiDeepLink.expiresAt} < now()`);
	await db.insert(ltiDeepLink).values({
		id: tokenHash(token),
		platformId: launch.platformId,
		deploymentId: launch.deploymentId,
		returnUrl: settings.deep_link_return_url,
		data: typeof settings.data === 'string' ? settings.data : null,
		acceptMultiple: settings.accept_multiple === true,
		acceptLineitem: settings.accept_lineitem !== false,
		expiresAt: new Date(Date.now() + PICK_MINUTES * 60_000)
	});
	return `/lti/deep-link/${token}`;
}

/** The pending request behind a picker token, or undefined (unknown, used or expired). */
export async function deepLinkRequest(db: Db, token: string) {
	const [row] = await db
		.select()
		.from(ltiDeepLink)
		.where(and(eq(ltiDeepLink.id, tokenHash(token)), gt(ltiDeepLink.expiresAt, sql`now()`)));
	return row;
}

export interface Pickable {
	/** `course` or a lesson slug. */
	target: string;
	title: string;
	text?: string;
}

/** An `ltiResourceLink` content item (Deep Linking 2.0 §3.1) pointing at a lesson or the course. */
export function resourceLink(origin: string, item: Pickable, withLineItem: boolean) {
	const path = item.target === COURSE_RESOURCE ? '/' : `/learn/${item.target}`;
	return {
		type: 'ltiResourceLink',
		title: item.title,
		...(item.text ? { text: item.text } : {}),
		url: new URL(path, origin).toString(),
		// Custom parameters come back in every launch of the link (launch.ts reads `lesson`): the
		// target survives a platform that launches every link at one registered URL.
		...(item.target === COURSE_RESOURCE ? {} : { custom: { lesson: item.target } }),
		...(withLineItem
			? {
					lineItem: {
						label: item.title,
						scoreMaximum: 100,
						resourceId: item.target,
						tag: 'lernpfad'
					}
				}
			: {})
	};
}

/**
 * The signed `LtiDeepLinkingResponse` (Deep Linking 2.0 §4.5): iss = our client id, aud = the
 * platform's issuer, a fresh nonce, the request's `deployment_id` and `data` echoed. Consumes the
 * request (one reply per picker). Returns the return URL and the JWT to post there.
 */
export async function deepLinkingResponse(
	db: Db,
	token: string,
	items: Pickable[],
	origin: string,
	options: { signingKey?: typeof toolSigningKey; now?: Date; locale?: Locale } = {}
): Promise<{ returnUrl: string; jwt: string } | undefined> {
	const [request] = await db
		.delete(ltiDeepLink)
		.where(and(eq(ltiDeepLink.id, tokenHash(token)), gt(ltiDeepLink.expiresAt, sql`now()`)))
		.returning();
	if (!request) return undefined;
	const [platform] = await db
		.select()
		.from(ltiPlatform)
		.where(eq(ltiPlatform.id, request.platformId));
	if (!platform) return undefined;
	const chosen = request.acceptMultiple ? items : items.slice(0, 1);
	const { kid, key } = await (options.signingKey ?? toolSigningKey)();
	const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
	const jwt = await new SignJWT({
		nonce: encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(16))),
		[`${LTI}message_type`]: 'LtiDeepLinkingResponse',
		[`${LTI}version`]: '1.3.0',
		[`${LTI}deployment_id`]: request.deploymentId,
		[`${DL}content_items`]: chosen.map((i) => resourceLink(origin, i, request.acceptLineitem)),
		...(request.data !== null ? { [`${DL}data`]: request.data } : {})
	})
		.setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
		.setIssuer(platform.clientId)
		.setAudience(platform.issuer)
		.setIssuedAt(now)
		.setExpirationTime(now + REPLY_SECONDS)
		.sign(key);
	return { returnUrl: request.returnUrl, jwt };
}
