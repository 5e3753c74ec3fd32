/**
 * LTI Dynamic Registration 1.0 (1EdTech), the tool's side: read the platform's OpenID
 * configuration (§3.4), check it (§3.4.1, §3.5.1), post the tool's client metadata with the
 * registration token (§3.5.2) and read the platform's answer (§3.6). Storing it is
 * `registrations.ts`' job; the page that asks the admin is `routes/lti/register`.
 */
import type { Actor } from '../audit';
import type { Db } from '../db';
import { platformFor, registerPlatform } from './registrations';
import { SCOPES } from './token';
import { platformUrl, toolUrls } from './tool-urls';

const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
/** What the done page tells the platform's window (LTI DR §3.7, "Client side postMessages"). */
export const CLOSE_MESSAGE = { subject: 'org.imsglobal.lti.close' } as const;
/** The services Lernpfad calls: grades (AGS) and rosters (NRPS). */
export const TOOL_SCOPES = [
	SCOPES.lineitem,
	SCOPES.lineitemReadonly,
	SCOPES.score,
	SCOPES.memberships
] as const;
/** The launch claims Lernpfad reads (accounts.ts): who, and what to call them. */
const TOOL_CLAIMS = ['iss', 'sub', 'name', 'given_name', 'family_name', 'email', 'locale'];
/** A configuration or an answer is a few KB; more is not a platform talking. */
const MAX_BODY = 256 * 1024;
const TIMEOUT_MS = 10_000;

export type RegistrationProblem =
	| 'config_url'
	| 'config_unreachable'
	| 'config_invalid'
	| 'issuer_origin'
	| 'unsupported'
	| 'refused'
	| 'answer_invalid'
	| 'duplicate';

export class RegistrationError extends Error {
	constructor(
		readonly problem: RegistrationProblem,
		/** What exactly (a field, the platform's words): shown to the admin, so kept short. */
		readonly detail = ''
	) {
		super(detail ? `${problem}: ${detail}` : problem);
		this.detail = detail.slice(0, 200);
	}
	/** 409 for a registration that exists already; every other problem is the request's. */
	get status() {
		return this.problem === 'duplicate' ? 409 : 400;
	}
}

export interface PlatformConfiguration {
	issuer: string;
	authorizationEndpoint: string;
	tokenEndpoint: string;
	jwksUri: string;
	registrationEndpoint: string;
	productFamilyCode: string;
	version: string;
	/** Placements the platform names per message type (Canvas lists them; Moodle does not). */
	placements: Record<string, string[]>;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The `openid_configuration` parameter as a URL Lernpfad may fetch: https, and http on loopback
 * only while Lernpfad itself runs on http loopback (development and tests) — a production tool
 * never fetches its own machine's plain-HTTP services for a stranger's link.
 */
export function configurationUrl(text: string | null, toolOrigin: string): URL | undefined {
	if (!text) return undefined;
	const href = platformUrl(text);
	if (!href) return undefined;
	const url = new URL(href);
	const tool = new URL(toolOrigin);
	const local = tool.protocol === 'http:' && LOOPBACK.includes(tool.hostname);
	if (url.protocol === 'http:' && !local) return undefined;
	if (url.username || url.password) return undefined;
	return url;
}

/** The origin allowed to frame the registration page: the platform's, from its link. */
export function registrationFrameAncestor(url: URL): string | undefined {
	return configurationUrl(url.searchParams.get('openid_configuration'), url.origin)?.origin;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Checks a platform's OpenID configuration (LTI DR §3.4.1) against the URL it came from (§3.5.1). */
export function parseConfiguration(configUrl: URL, json: unknown): PlatformConfiguration {
	if (!json || typeof json !== 'object' || Array.isArray(json))
		throw new RegistrationError('config_invalid', 'not a JSON object');
	const c = json as Record<string, unknown>;
	const issuer = text(c.issuer);
	if (!issuer) throw new RegistrationError('config_invalid', 'issuer');
	// §3.5.1: the issuer must be of the same origin as the configuration's URL, so a page cannot
	// hand over another platform's name with its own endpoints.
	let issuerOrigin: string;
	try {
		issuerOrigin = new URL(issuer).origin;
	} catch {
		throw new RegistrationError('issuer_origin', issuer);
	}
	if (issuerOrigin !== configUrl.origin) throw new RegistrationError('issuer_origin', issuer);
	const endpoints = {
		authorizationEndpoint: c.authorization_endpoint,
		tokenEndpoint: c.token_endpoint,
		jwksUri: c.jwks_uri,
		registrationEndpoint: c.registration_endpoint
	};
	const urls = {} as Record<keyof typeof endpoints, string>;
	for (const [key, value] of Object.entries(endpoints) as [keyof typeof endpoints, unknown][]) {
		const url = typeof value === 'string' ? platformUrl(value) : undefined;
		if (!url || (url.startsWith('http:') && configUrl.protocol === 'https:'))
			throw new RegistrationError('config_invalid', key);
		urls[key] = url;
	}
	const algs = c.id_token_signing_alg_values_supported;
	if (!Array.isArray(algs) || !algs.includes('RS256'))
		throw new RegistrationError('unsupported', 'id_token_signing_alg_values_supported');
	const auth = c.token_endpoint_auth_methods_supported;
	if (Array.isArray(auth) && !auth.includes('private_key_jwt'))
		throw new RegistrationError('unsupported', 'token_endpoint_auth_methods_supported');
	const lti = c[PLATFORM_CONFIGURATION];
	if (!lti || typeof lti !== 'object') throw new RegistrationError('unsupported', 'lti');
	const platform = lti as Record<string, unknown>;
	const placements: Record<string, string[]> = {};
	for (const m of Array.isArray(platform.messages_supported) ? platform.messages_supported : []) {
		const msg = m as { type?: unknown; placements?: unknown };
		if (typeof msg?.type === 'string' && Array.isArray(msg.placements))
			placements[msg.type] = msg.placements.filter((p): p is string => typeof p === 'string');
	}
	return {
		issuer,
		...urls,
		productFamilyCode: text(platform.product_family_code) ?? '',
		version: text(platform.version) ?? '',
		placements
	};
}

async function readJson(response: Response): Promise<unknown> {
	const body = await response.text();
	if (body.length > MAX_BODY) throw new Error('too large');
	return JSON.parse(body);
}

const bearer = (token: string | undefined): Record<string, string> =>
	token ? { authorization: `Bearer ${token}` } : {};

/** GET the configuration, with the registration token as Canvas requires (Moodle ignores it). */
export async function fetchConfiguration(
	configUrl: URL,
	token: string | undefined,
	fetcher: typeof fetch = fetch
): Promise<PlatformConfiguration> {
	let json: unknown;
	try {
		const response = await fetcher(configUrl, {
			headers: { accept: 'application/json', ...bearer(token) },
			redirect: 'error',
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		json = await readJson(response);
	} catch (e) {
		throw new RegistrationError('config_unreachable', (e as Error).message);
	}
	return parseConfiguration(configUrl, json);
}

/** The tool's client metadata (LTI DR §3.5.2, OpenID Connect Dynamic Client Registration §2). */
export function clientMetadata(
	origin: string,
	config: Pick<PlatformConfiguration, 'placements'>,
	names: { en: string; de: string }
) {
	const urls = toolUrls(origin);
	// Placements only where the platform names them (Canvas); others place deep linking themselves.
	const wanted = ['link_selection', 'assignment_selection'];
	const offered = config.placements.LtiDeepLinkingRequest ?? [];
	const placements = wanted.filter((p) => offered.includes(p));
	return {
		application_type: 'web',
		response_types: ['id_token'],
		grant_types: ['implicit', 'client_credentials'],
		initiate_login_uri: urls.login,
		redirect_uris: [urls.launch],
		client_name: names.en,
		'client_name#en': names.en,
		'client_name#de': names.de,
		jwks_uri: urls.jwks,
		token_endpoint_auth_method: 'private_key_jwt',
		id_token_signed_response_alg: 'RS256',
		scope: TOOL_SCOPES.join(' '),
		[TOOL_CONFIGURATION]: {
			domain: new URL(origin).host,
			target_link_uri: urls.launch,
			claims: TOOL_CLAIMS,
			messages: [
				{
					type: 'LtiResourceLinkRequest',
					target_link_uri: urls.launch,
					label: names.en,
					'label#de': names.de
				},
				{
					type: 'LtiDeepLinkingRequest',
					target_link_uri: urls.deepLinking,
					label: names.en,
					'label#de': names.de,
					...(placements.length ? { placements } : {})
				}
			],
			// Canvas sends names and e-mails only at this level; others ignore it.
			'https://canvas.instructure.com/lti/privacy_level': 'public'
		}
	};
}

/** POSTs the metadata to the registration endpoint; the answer names the client id (§3.6). */
export async function postRegistration(
	config: PlatformConfiguration,
	token: string | undefined,
	metadata: Record<string, unknown>,
	fetcher: typeof fetch = fetch
): Promise<{ clientId: string; deploymentId?: string }> {
	let response: Response;
	try {
		response = await fetcher(config.registrationEndpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json', ...bearer(token) },
			body: JSON.stringify(metadata),
			redirect: 'error',
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
	} catch (e) {
		throw new RegistrationError('refused', (e as Error).message);
	}
	let answer: Record<string, unknown> | undefined;
	try {
		answer = (await readJson(response)) as Record<string, unknown>;
	} catch {
		answer = undefined;
	}
	if (!response.ok) {
		// RFC 7591 §3.2.2: `error` and `error_description`; the admin sees what the platform said.
		const said = [answer?.error, answer?.error_description].filter((s) => typeof s === 'string');
		throw new RegistrationError('refused', `HTTP ${response.status} ${said.join(': ')}`.trim());
	}
	const clientId =
		answer &&
		(typeof answer.client_id === 'number' ? String(answer.client_id) : text(answer.client_id));
	if (!clientId || clientId.length > 255)
		throw new RegistrationError('answer_invalid', 'client_id');
	const tool = answer?.[TOOL_CONFIGURATION] as Record<string, unknown> | undefined;
	const deployment = tool?.deployment_id;
	const deploymentId =
		typeof deployment === 'number' ? String(deployment) : text(deployment)?.slice(0, 255);
	return { clientId, deploymentId };
}

export interface RegistrationRequest {
	configUrl: URL;
	token: string | undefined;
	/** Lernpfad's public origin (ORIGIN): every URL the platform gets is on it. */
	origin: string;
	names: { en: string; de: string };
	fetch?: typeof fetch;
}

/** The whole exchange and the stored, audited registration; throws RegistrationError. */
export async function registerDynamically(database: Db, actor: Actor, r: RegistrationRequest) {
	const config = await fetchConfiguration(r.configUrl, r.token, r.fetch);
	const metadata = clientMetadata(r.origin, config, r.names);
	const { clientId, deploymentId } = await postRegistration(config, r.token, metadata, r.fetch);
	if (await platformFor(config.issuer, clientId, database))
		throw new RegistrationError('duplicate', `${config.issuer} ${clientId}`);
	const host = new URL(config.issuer).host;
	const name = (config.productFamilyCode ? `${host} (${config.productFamilyCode})` : host).slice(
		0,
		100
	);
	try {
		const platform = await registerPlatform(database, actor, {
			name,
			issuer: config.issuer,
			clientId,
			authUrl: config.authorizationEndpoint,
			tokenUrl: config.tokenEndpoint,
			jwksUrl: config.jwksUri,
			deploymentIds: deploymentId ? [deploymentId] : [],
			method: 'dynamic'
		});
		return { platform, config, deploymentId };
	} catch (e) {
		// Two confirmations at once: the unique (issuer, client id) index let one through.
		if (await platformFor(config.issuer, clientId, database))
			throw new RegistrationError('duplicate', `${config.issuer} ${clientId}`);
		throw e;
	}
}
