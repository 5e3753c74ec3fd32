/**
 * The fake platform's side of LTI Dynamic Registration 1.0 (1EdTech): its OpenID configuration
 * (§3.4), a registration endpoint that checks the tool's client metadata as Moodle and Canvas do
 * (§3.5.2; errors as RFC 7591 §3.2.2) and answers with a client id and deployment id (§3.6), and the
 * LMS admin's "add a tool by URL" page, which opens the tool's registration URL in an iframe and
 * waits for `org.imsglobal.lti.close` (§3.7).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { FakePlatform, Route } from './platform';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

export interface RegistrationControls {
	/** A registration token, as the LMS makes one when its admin pastes the tool's URL. */
	issueToken(): string;
	/** The page the LMS admin sees while the tool registers (the tool in an iframe). */
	adminPageUrl(toolRegistrationUrl?: string): string;
	/** Changes the OpenID configuration before it is served (negative tests). */
	tamper?: (config: Record<string, unknown>) => void;
	/** Whether each configuration request carried a registration token (Canvas sends one). */
	configRequests: { token: string | undefined }[];
}

const controls = new WeakMap<FakePlatform, RegistrationControls>();

/** The controls of a platform's Dynamic Registration. */
export function registrationControls(p: FakePlatform): RegistrationControls {
	const c = controls.get(p);
	if (!c) throw new Error('Dynamic Registration is not wired into this platform');
	return c;
}

function json(res: ServerResponse, status: number, value: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

const bearerOf = (req: IncomingMessage) => {
	const auth = req.headers.authorization ?? '';
	return auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
};

const isUrl = (value: unknown): value is string => {
	try {
		return typeof value === 'string' && /^https?:$/.test(new URL(value).protocol);
	} catch {
		return false;
	}
};

/** What Moodle's and Canvas's registration endpoints refuse; an empty list is valid metadata. */
export function metadataProblems(m: Record<string, unknown>, toolOrigin: string): string[] {
	const problems: string[] = [];
	const arr = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
	if (m.application_type !== 'web') problems.push('application_type');
	if (!arr(m.response_types).includes('id_token')) problems.push('response_types');
	for (const g of ['implicit', 'client_credentials'])
		if (!arr(m.grant_types).includes(g)) problems.push(`grant_types ${g}`);
	if (!isUrl(m.initiate_login_uri)) problems.push('initiate_login_uri');
	const redirects = arr(m.redirect_uris);
	if (redirects.length === 0 || !redirects.every(isUrl)) problems.push('redirect_uris');
	if (!isUrl(m.jwks_uri)) problems.push('jwks_uri');
	if (m.token_endpoint_auth_method !== 'private_key_jwt')
		problems.push('token_endpoint_auth_method');
	if (typeof m.client_name !== 'string' || !m.client_name) problems.push('client_name');
	if (typeof m.scope !== 'string') problems.push('scope');
	const tool = m[TOOL_CONFIGURATION] as Record<string, unknown> | undefined;
	if (!tool || typeof tool !== 'object') return [...problems, TOOL_CONFIGURATION];
	const domain = tool.domain;
	if (typeof domain !== 'string' || !domain) problems.push('domain');
	if (!isUrl(tool.target_link_uri)) problems.push('target_link_uri');
	if (!Array.isArray(tool.claims)) problems.push('claims');
	for (const msg of arr(tool.messages) as Record<string, unknown>[]) {
		if (!['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'].includes(String(msg?.type)))
			problems.push(`message type ${String(msg?.type)}`);
		if (msg?.target_link_uri !== undefined && !isUrl(msg.target_link_uri))
			problems.push('message target_link_uri');
	}
	// Moodle: every URL of the tool must be on its domain.
	const urls = [m.initiate_login_uri, m.jwks_uri, tool.target_link_uri, ...redirects];
	if (urls.some((u) => isUrl(u) && new URL(u).host !== domain)) problems.push('domain mismatch');
	// This platform launches at the tool's launch URL: it must be a registered redirect URI.
	if (!redirects.includes(`${toolOrigin}/lti/launch`)) problems.push('redirect_uris launch');
	return problems;
}

/** The route to add to `FakePlatform.routes`; its controls through `registrationControls`. */
export function dynamicRegistration(p: FakePlatform): Route {
	const base = p.url;
	const issued = new Set<string>();
	const c: RegistrationControls = {
		configRequests: [],
		issueToken() {
			const token = `reg-${randomUUID()}`;
			issued.add(token);
			return token;
		},
		adminPageUrl(toolRegistrationUrl = `${p.toolOrigin}/lti/register`) {
			return `${base}/admin/register-tool?url=${encodeURIComponent(toolRegistrationUrl)}`;
		}
	};
	controls.set(p, c);

	function configuration(req: IncomingMessage, res: ServerResponse) {
		const token = bearerOf(req);
		c.configRequests.push({ token });
		// Canvas asks for the token here; Moodle does not: both accept a valid one.
		if (token !== undefined && !issued.has(token))
			return json(res, 401, { error: 'invalid_token' });
		const config: Record<string, unknown> = {
			issuer: p.issuer,
			authorization_endpoint: `${base}/auth`,
			token_endpoint: `${base}/token`,
			token_endpoint_auth_methods_supported: ['private_key_jwt'],
			token_endpoint_auth_signing_alg_values_supported: ['RS256'],
			jwks_uri: `${base}/jwks`,
			registration_endpoint: `${base}/register`,
			scopes_supported: [
				'openid',
				'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
				'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
				'https://purl.imsglobal.org/spec/lti-ags/scope/score',
				'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'
			],
			response_types_supported: ['id_token'],
			subject_types_supported: ['public'],
			id_token_signing_alg_values_supported: ['RS256'],
			claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
			'https://purl.imsglobal.org/spec/lti-platform-configuration': {
				product_family_code: 'fake',
				version: '1.0',
				messages_supported: [
					{ type: 'LtiResourceLinkRequest' },
					{ type: 'LtiDeepLinkingRequest', placements: ['link_selection'] }
				]
			}
		};
		c.tamper?.(config);
		json(res, 200, config);
	}

	async function register(req: IncomingMessage, res: ServerResponse) {
		const token = bearerOf(req);
		// The token is single-use: the LMS made it for one registration.
		if (!token || !issued.delete(token)) return json(res, 401, { error: 'invalid_token' });
		let metadata: Record<string, unknown>;
		try {
			metadata = JSON.parse(await readBody(req));
		} catch {
			return json(res, 400, { error: 'invalid_client_metadata', error_description: 'not JSON' });
		}
		const problems = metadataProblems(metadata, p.toolOrigin);
		if (problems.length)
			return json(res, 400, {
				error: 'invalid_client_metadata',
				error_description: problems.join(', ')
			});
		p.dynamic.push({ token, metadata, clientId: p.clientId });
		const tool = metadata[TOOL_CONFIGURATION] as Record<string, unknown>;
		json(res, 200, {
			...metadata,
			client_id: p.clientId,
			[TOOL_CONFIGURATION]: { ...tool, deployment_id: p.deploymentId }
		});
	}

	/** Moodle's "Tool URL → Add LTI Advantage": the tool's page in an iframe of the admin page. */
	function adminPage(res: ServerResponse, url: URL) {
		const reg = url.searchParams.get('url') ?? `${p.toolOrigin}/lti/register`;
		const src = `${reg}?${new URLSearchParams({
			openid_configuration: `${base}/.well-known/openid-configuration`,
			registration_token: c.issueToken()
		})}`;
		const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake LMS: add a tool</title></head><body>
<h1>Register a tool</h1><p id="status">open</p>
<iframe name="registration" title="tool registration" style="width:100%;height:70vh" src="${esc(src)}"></iframe>
<script>
window.addEventListener('message', (e) => {
	if (e.origin !== ${JSON.stringify(p.toolOrigin)} || !e.data || e.data.subject !== 'org.imsglobal.lti.close') return;
	document.getElementById('status').textContent = 'closed';
	document.querySelector('iframe').remove();
});
</script></body></html>`);
	}

	return async (req, res, url) => {
		if (url.pathname === '/.well-known/openid-configuration' && req.method === 'GET') {
			configuration(req, res);
			return true;
		}
		if (url.pathname === '/register' && req.method === 'POST') {
			await register(req, res);
			return true;
		}
		if (url.pathname === '/admin/register-tool') {
			adminPage(res, url);
			return true;
		}
		return false;
	};
}
