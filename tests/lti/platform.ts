/**
 * A fake LTI 1.3 platform (a plain node:http server) that behaves like Moodle and Canvas: its own
 * rotating JWKS, third-party initiated login by GET or POST, an OIDC authorization endpoint that
 * checks what the spec says and form-posts the id_token, a launch page that embeds the tool in an
 * <iframe> (platform on 127.0.0.1, tool on localhost: another site), platform storage
 * (lti.put_data / lti.get_data) and Dynamic Registration (platform-registration.ts). Service routes
 * (AGS, NRPS, deep-link return, token) are added by other modules through `routes`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { dynamicRegistration } from './platform-registration';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const ROLE = {
	learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
	instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
	admin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'
};

export interface LaunchSpec {
	user: { sub: string; name?: string; email?: string; roles: string[] };
	context?: { id: string; title: string };
	resourceLinkId?: string;
	/** Path on the tool, e.g. `/learn/hypervisor`. */
	target?: string;
	locale?: string;
	documentTarget?: 'iframe' | 'window';
	returnUrl?: string;
	messageType?: string;
	/** Offer platform storage to the tool (`lti_storage_target`). */
	storage?: boolean;
	/** Use GET for the login initiation (Canvas); Moodle posts. */
	loginByGet?: boolean;
	/** Change claims just before signing (negative tests). */
	tamper?: (claims: Record<string, unknown>) => void;
	/** More claims: service endpoints, deep-linking settings, custom (see tests/lti/advantage.ts). */
	claims?: Record<string, unknown>;
}

export interface Route {
	(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		platform: FakePlatform
	): Promise<boolean> | boolean;
}

type Key = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

export interface FakePlatform {
	url: string;
	issuer: string;
	clientId: string;
	deploymentId: string;
	toolOrigin: string;
	/** What the tool should register (manual registration). */
	registration: {
		issuer: string;
		clientId: string;
		authUrl: string;
		tokenUrl: string;
		jwksUrl: string;
		deploymentId: string;
	};
	/** Makes a new signing key; the old one stays in the JWKS. */
	rotate(): Promise<string>;
	sign(claims: Record<string, unknown>, kid?: string): Promise<string>;
	/** A launch page URL: the tool in an iframe, started with this spec. */
	launchUrl(spec: LaunchSpec): string;
	/** The third-party login initiation a launch of this spec sends the tool (what the page posts). */
	loginRequest(spec: LaunchSpec): Record<string, string>;
	/**
	 * The OIDC authorization endpoint without HTTP (the bench calls it in its own process): the
	 * id_token and state to form-post to `action`, or the problems with the tool's request.
	 */
	authorize(
		query: URLSearchParams
	): Promise<
		{ action: string; fields: { id_token: string; state: string } } | { problems: string[] }
	>;
	/** Messages received on the return URL (`lti_errormsg`). */
	returned: URLSearchParams[];
	/** Dynamic registrations received. */
	dynamic: { token: string; metadata: Record<string, unknown>; clientId: string }[];
	/** Extra routes (lti-svc's services), tried before the built-in ones. */
	routes: Route[];
	close(): Promise<void>;
}

const html = (res: ServerResponse, body: string, status = 200) => {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
	res.end(
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake LMS</title></head><body>${body}</body></html>`
	);
};
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const autoPost = (action: string, fields: Record<string, string>, target = '') =>
	`<form method="post" action="${esc(action)}"${target ? ` target="${target}"` : ''}>${Object.entries(
		fields
	)
		.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
		.join(
			''
		)}<noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script>`;

async function body(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function readParams(req: IncomingMessage, url: URL) {
	if (req.method !== 'POST') return url.searchParams;
	return new URLSearchParams(await body(req));
}

/** A key pair kept elsewhere (the demo platform's, so its registration holds across restarts). */
async function importedKey(privateJwk: JWK & { kid: string }): Promise<Key> {
	const privateKey = (await importJWK(privateJwk, 'RS256')) as CryptoKey;
	const { kty, n, e, kid } = privateJwk;
	return { kid, privateKey, publicJwk: { kty, n, e, kid, alg: 'RS256', use: 'sig' } };
}

async function newKey(): Promise<Key> {
	const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
	const kid = randomUUID();
	return {
		kid,
		privateKey,
		publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
	};
}

export async function startPlatform({
	port = Number(process.env.LTI_PLATFORM_PORT ?? 6390),
	toolOrigin = `http://localhost:${process.env.E2E_PORT ?? 4173}`,
	clientId = `client-${randomUUID().slice(0, 8)}`,
	deploymentId = 'deployment-1',
	privateJwk = undefined as (JWK & { kid: string }) | undefined
} = {}): Promise<FakePlatform> {
	const base = `http://127.0.0.1:${port}`;
	const keys: Key[] = [privateJwk ? await importedKey(privateJwk) : await newKey()];
	const hints = new Map<string, LaunchSpec>();
	const logins = new Map<string, LaunchSpec>(); // login_hint → spec
	const toolLaunch = `${toolOrigin}/lti/launch`;
	const toolLogin = `${toolOrigin}/lti/login`;

	const p: FakePlatform = {
		url: base,
		issuer: base,
		clientId,
		deploymentId,
		toolOrigin,
		registration: {
			issuer: base,
			clientId,
			authUrl: `${base}/auth`,
			tokenUrl: `${base}/token`,
			jwksUrl: `${base}/jwks`,
			deploymentId
		},
		returned: [],
		dynamic: [],
		routes: [],
		async rotate() {
			const key = await newKey();
			keys.unshift(key);
			return key.kid;
		},
		sign(claims, kid = keys[0].kid) {
			const key = keys.find((k) => k.kid === kid) ?? keys[0];
			return new SignJWT(claims)
				.setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
				.sign(key.privateKey);
		},
		launchUrl(spec) {
			const hint = randomUUID();
			hints.set(hint, spec);
			return `${base}/course?hint=${hint}`;
		},
		loginRequest(spec) {
			const hint = randomUUID();
			hints.set(hint, spec);
			return loginParams(hint, spec);
		},
		authorize: authorizeRequest,
		close: () => new Promise((r) => server.close(() => r()))
	};
	p.routes.push(dynamicRegistration(p));

	function claimsFor(spec: LaunchSpec, nonce: string) {
		const now = Math.floor(Date.now() / 1000);
		const c: Record<string, unknown> = {
			iss: base,
			aud: clientId,
			sub: spec.user.sub,
			iat: now,
			exp: now + 300,
			nonce,
			...(spec.user.name ? { name: spec.user.name } : {}),
			...(spec.user.email ? { email: spec.user.email } : {}),
			[`${LTI}message_type`]: spec.messageType ?? 'LtiResourceLinkRequest',
			[`${LTI}version`]: '1.3.0',
			[`${LTI}deployment_id`]: deploymentId,
			[`${LTI}target_link_uri`]: toolOrigin + (spec.target ?? '/learn'),
			[`${LTI}resource_link`]: { id: spec.resourceLinkId ?? 'rl-1', title: 'Lernpfad' },
			[`${LTI}roles`]: spec.user.roles,
			[`${LTI}launch_presentation`]: {
				document_target: spec.documentTarget ?? 'iframe',
				locale: spec.locale ?? 'en',
				...(spec.returnUrl !== undefined ? { return_url: spec.returnUrl } : {})
			},
			[`${LTI}tool_platform`]: { guid: 'fake-lms', name: 'Fake LMS', product_family_code: 'fake' },
			...spec.claims
		};
		if (spec.context)
			c[`${LTI}context`] = {
				id: spec.context.id,
				title: spec.context.title,
				type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering']
			};
		spec.tamper?.(c);
		return c;
	}

	function loginParams(hint: string, spec: LaunchSpec) {
		const loginHint = randomUUID();
		logins.set(loginHint, spec);
		const params: Record<string, string> = {
			iss: base,
			login_hint: loginHint,
			target_link_uri: toolOrigin + (spec.target ?? '/learn'),
			lti_message_hint: hint,
			client_id: clientId,
			lti_deployment_id: deploymentId
		};
		if (spec.storage) params.lti_storage_target = '_parent';
		return params;
	}

	/** The LMS course page: the tool in an iframe, and platform storage for it. */
	function coursePage(res: ServerResponse, hint: string) {
		const spec = hints.get(hint);
		if (!spec) return html(res, '<p>unknown launch</p>', 404);
		const params = loginParams(hint, spec);
		const start = spec.loginByGet
			? `<iframe name="tool" title="Lernpfad" style="width:100%;height:80vh" src="${esc(`${toolLogin}?${new URLSearchParams(params)}`)}"></iframe>`
			: `<iframe name="tool" title="Lernpfad" style="width:100%;height:80vh"></iframe>${autoPost(toolLogin, params, 'tool')}`;
		const storage = `<script>
const store = new Map();
window.addEventListener('message', (e) => {
	if (e.origin !== ${JSON.stringify(toolOrigin)} || !e.data || typeof e.data !== 'object') return;
	const d = e.data;
	if (d.subject === 'lti.put_data') { store.set(d.key, d.value); e.source.postMessage({ subject: 'lti.put_data.response', message_id: d.message_id, key: d.key, value: d.value }, e.origin); }
	if (d.subject === 'lti.get_data') { e.source.postMessage(store.has(d.key) ? { subject: 'lti.get_data.response', message_id: d.message_id, key: d.key, value: store.get(d.key) } : { subject: 'lti.get_data.response', message_id: d.message_id, key: d.key, error: { code: 'bad_request', message: 'no such key' } }, e.origin); }
	if (d.subject === 'org.imsglobal.lti.close') document.title = 'closed';
});
</script>`;
		html(res, `<h1>Fake LMS course</h1>${spec.storage ? storage : ''}${start}`);
	}

	/** OIDC authorization endpoint (LTI Core §5.1.1, Security Framework §5.1.1.2). */
	async function authorizeRequest(q: URLSearchParams): ReturnType<FakePlatform['authorize']> {
		const problems: string[] = [];
		if (q.get('scope') !== 'openid') problems.push('scope');
		if (q.get('response_type') !== 'id_token') problems.push('response_type');
		if (q.get('response_mode') !== 'form_post') problems.push('response_mode');
		if (q.get('prompt') !== 'none') problems.push('prompt');
		if (q.get('client_id') !== clientId) problems.push('client_id');
		if (q.get('redirect_uri') !== toolLaunch) problems.push('redirect_uri');
		if (!q.get('state')) problems.push('state');
		if (!q.get('nonce')) problems.push('nonce');
		const spec = logins.get(q.get('login_hint') ?? '');
		if (!spec) problems.push('login_hint');
		if (q.get('lti_message_hint') && !hints.has(q.get('lti_message_hint')!))
			problems.push('lti_message_hint');
		if (problems.length || !spec) return { problems };
		const token = await p.sign(claimsFor(spec, q.get('nonce')!));
		return { action: q.get('redirect_uri')!, fields: { id_token: token, state: q.get('state')! } };
	}

	async function authorize(req: IncomingMessage, res: ServerResponse, url: URL) {
		const answer = await authorizeRequest(await readParams(req, url));
		if ('problems' in answer)
			return html(res, `<p>invalid_request: ${answer.problems.join(', ')}</p>`, 400);
		html(res, autoPost(answer.action, answer.fields));
	}

	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', base);
		try {
			for (const route of p.routes) if (await route(req, res, url, p)) return;
			if (url.pathname === '/jwks') {
				res.writeHead(200, { 'content-type': 'application/json' });
				return res.end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
			}
			if (url.pathname === '/course') return coursePage(res, url.searchParams.get('hint') ?? '');
			if (url.pathname === '/auth') return await authorize(req, res, url);
			if (url.pathname === '/return') {
				p.returned.push(url.searchParams);
				return html(
					res,
					`<h1>Back in the LMS</h1><p id="msg">${esc(url.searchParams.get('lti_errormsg') ?? '')}</p>`
				);
			}
			html(res, '<p>not found</p>', 404);
		} catch (e) {
			html(res, `<p>${esc(String(e))}</p>`, 500);
		}
	});
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
	return p;
}
