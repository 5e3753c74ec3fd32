/**
 * The fake platform's LTI Advantage services, strict where Moodle and Canvas are strict: the OAuth2
 * token endpoint (client assertion verified against the tool's JWKS), AGS line items and scores,
 * NRPS with paging, and the deep-link return. A request handler `(req, res) => boolean` that
 * `tests/lti/platform.ts` registers (and the unit tests serve alone): true = it took the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const ACTIVITY = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'];
const GRADING = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'];

export interface FakeMember {
	user_id: string;
	roles: string[];
	name?: string;
	email?: string;
	status?: 'Active' | 'Inactive' | 'Deleted';
}

export interface FakeLineItem {
	id: string;
	label: string;
	scoreMaximum: number;
	resourceId?: string;
	resourceLinkId?: string;
	tag?: string;
}

export interface FakeScore {
	lineItem: string;
	userId: string;
	scoreGiven?: number;
	scoreMaximum?: number;
	activityProgress: string;
	gradingProgress: string;
	timestamp: string;
	comment?: string;
}

export interface ServicesOptions {
	/** The platform's base URL, e.g. `http://127.0.0.1:6490` (also its issuer). */
	base: string;
	clientId: string;
	/** The tool's JWKS URL (the client assertion and the deep-link reply are checked against it). */
	toolJwksUrl: string;
	deploymentIds: string[];
	/** Members per context id: NRPS answers them, the score endpoint knows only them. */
	members: Map<string, FakeMember[]>;
	/** NRPS page size (the `limit` query parameter may ask for less). */
	pageSize?: number;
	/** Access token lifetime in seconds. */
	tokenSeconds?: number;
	/** Replaces the remote JWKS (tests without a running tool). */
	toolKeys?: JWTVerifyGetKey;
}

export interface ServicesState {
	/** While true every service answers 503: an outage. */
	down: boolean;
	tokens: Map<string, { scopes: string[]; expires: number }>;
	tokenRequests: number;
	lineItems: Map<string, FakeLineItem & { context: string; deleted?: boolean }>;
	scores: FakeScore[];
	/** Every score request, accepted or not, with its answer status. */
	scoreRequests: { status: number; body: unknown }[];
	deepLinkReplies: { contentItems: Record<string, unknown>[]; data?: string }[];
	usedJti: Set<string>;
}

function send(
	res: ServerResponse,
	status: number,
	body?: unknown,
	headers: Record<string, string> = {}
) {
	const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {
		'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
		...headers
	});
	res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

const mediaType = (req: IncomingMessage) =>
	(req.headers['content-type'] ?? '').split(';')[0].trim();

export function platformServices(options: ServicesOptions) {
	const state: ServicesState = {
		down: false,
		tokens: new Map(),
		tokenRequests: 0,
		lineItems: new Map(),
		scores: [],
		scoreRequests: [],
		deepLinkReplies: [],
		usedJti: new Set()
	};
	const toolKeys = options.toolKeys ?? createRemoteJWKSet(new URL(options.toolJwksUrl));
	const tokenUrl = `${options.base}/token`;
	let nextId = 1;
	const replyNonces = new Set<string>();

	/** The bearer token's scopes, or an answer 401 already sent. */
	function authorize(req: IncomingMessage, res: ServerResponse, accepted: string[]) {
		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		const grant = token ? state.tokens.get(token) : undefined;
		if (!grant || grant.expires < Date.now()) {
			send(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer' });
			return false;
		}
		if (!grant.scopes.some((s) => accepted.includes(s))) {
			send(res, 403, { error: 'insufficient_scope' });
			return false;
		}
		return true;
	}

	async function token(req: IncomingMessage, res: ServerResponse) {
		state.tokenRequests += 1;
		if (mediaType(req) !== 'application/x-www-form-urlencoded')
			return send(res, 400, { error: 'invalid_request' });
		const form = new URLSearchParams(await readBody(req));
		if (form.get('grant_type') !== 'client_credentials')
			return send(res, 400, { error: 'unsupported_grant_type' });
		if (
			form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
		)
			return send(res, 400, { error: 'invalid_request' });
		try {
			const { payload } = await jwtVerify(form.get('client_assertion') ?? '', toolKeys, {
				algorithms: ['RS256'],
				issuer: options.clientId,
				subject: options.clientId,
				audience: tokenUrl,
				maxTokenAge: '10m',
				clockTolerance: 5
			});
			if (!payload.jti || state.usedJti.has(payload.jti) || !payload.exp) throw new Error('jti');
			state.usedJti.add(payload.jti);
		} catch {
			return send(res, 401, { error: 'invalid_client' });
		}
		const allowed = [
			`${AGS}lineitem`,
			`${AGS}lineitem.readonly`,
			`${AGS}score`,
			`${AGS}result.readonly`,
			NRPS_SCOPE
		];
		const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
		if (asked.length === 0 || asked.some((s) => !allowed.includes(s)))
			return send(res, 400, { error: 'invalid_scope' });
		const accessToken = crypto.randomUUID();
		const seconds = options.tokenSeconds ?? 3600;
		state.tokens.set(accessToken, { scopes: asked, expires: Date.now() + seconds * 1000 });
		send(
			res,
			200,
			{
				access_token: accessToken,
				token_type: 'Bearer',
				expires_in: seconds,
				scope: asked.join(' ')
			},
			{ 'cache-control': 'no-store' }
		);
	}

	function lineItemUrl(context: string, n: number) {
		// Like Moodle's: a query on the line item URL, which the score URL must keep.
		return `${options.base}/ags/${encodeURIComponent(context)}/lineitems/${n}/lineitem?type_id=1`;
	}

	function validLineItem(body: Record<string, unknown>) {
		return (
			typeof body.label === 'string' &&
			body.label.trim() !== '' &&
			typeof body.scoreMaximum === 'number' &&
			body.scoreMaximum > 0
		);
	}

	/** Creates a line item (also used by the deep-link return: the platform makes the grade columns). */
	function addLineItem(context: string, body: Record<string, unknown>) {
		const id = lineItemUrl(context, nextId++);
		const item = {
			id,
			context,
			label: String(body.label),
			scoreMaximum: Number(body.scoreMaximum),
			...(typeof body.resourceId === 'string' ? { resourceId: body.resourceId } : {}),
			...(typeof body.resourceLinkId === 'string' ? { resourceLinkId: body.resourceLinkId } : {}),
			...(typeof body.tag === 'string' ? { tag: body.tag } : {})
		};
		state.lineItems.set(id, item);
		return item;
	}

	const publicItem = (item: FakeLineItem & { context: string; deleted?: boolean }) => {
		const { context: _c, deleted: _d, ...rest } = item;
		void _c;
		void _d;
		return rest;
	};

	async function lineItems(req: IncomingMessage, res: ServerResponse, url: URL, context: string) {
		if (req.method === 'GET') {
			if (!authorize(req, res, [`${AGS}lineitem`, `${AGS}lineitem.readonly`])) return;
			const items = [...state.lineItems.values()].filter(
				(i) =>
					i.context === context &&
					!i.deleted &&
					(!url.searchParams.has('resource_id') ||
						i.resourceId === url.searchParams.get('resource_id')) &&
					(!url.searchParams.has('tag') || i.tag === url.searchParams.get('tag'))
			);
			return send(res, 200, items.map(publicItem), {
				'content-type': 'application/vnd.ims.lis.v2.lineitemcontainer+json'
			});
		}
		if (req.method !== 'POST') return send(res, 405);
		if (!authorize(req, res, [`${AGS}lineitem`])) return;
		if (mediaType(req) !== 'application/vnd.ims.lis.v2.lineitem+json') return send(res, 415);
		const body = JSON.parse((await readBody(req)) || 'null') as Record<string, unknown> | null;
		if (!body || !validLineItem(body))
			return send(res, 400, { error: 'label and scoreMaximum > 0 required' });
		send(res, 201, publicItem(addLineItem(context, body)), {
			'content-type': 'application/vnd.ims.lis.v2.lineitem+json'
		});
	}

	async function scores(req: IncomingMessage, res: ServerResponse, lineItemId: string) {
		if (req.method !== 'POST') return send(res, 405);
		if (!authorize(req, res, [`${AGS}score`])) return;
		const item = state.lineItems.get(lineItemId);
		const raw = await readBody(req);
		const answer = (status: number, error?: string) => {
			state.scoreRequests.push({ status, body: raw });
			send(res, status, error ? { error } : undefined);
		};
		if (!item || item.deleted) return answer(404, 'line item not found');
		if (mediaType(req) !== 'application/vnd.ims.lis.v1.score+json')
			return answer(415, 'media type');
		let s: Record<string, unknown>;
		try {
			s = JSON.parse(raw) as Record<string, unknown>;
		} catch {
			return answer(400, 'not JSON');
		}
		if (typeof s.userId !== 'string' || !s.userId) return answer(400, 'userId required');
		// ISO 8601 with a time zone; Canvas refuses a timestamp without one.
		if (
			typeof s.timestamp !== 'string' ||
			!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s.timestamp)
		)
			return answer(400, 'timestamp required');
		if (!ACTIVITY.includes(String(s.activityProgress))) return answer(400, 'activityProgress');
		if (!GRADING.includes(String(s.gradingProgress))) return answer(400, 'gradingProgress');
		if (s.scoreGiven !== undefined) {
			if (typeof s.scoreGiven !== 'number' || s.scoreGiven < 0) return answer(400, 'scoreGiven');
			if (typeof s.scoreMaximum !== 'number' || s.scoreMaximum <= 0)
				return answer(400, 'scoreMaximum required with scoreGiven');
			if (s.scoreGiven > s.scoreMaximum) return answer(400, 'scoreGiven > scoreMaximum');
		}
		const member = (options.members.get(item.context) ?? []).find((m) => m.user_id === s.userId);
		// Moodle: "User not found in course"; Canvas: 422 for a user without an active enrolment.
		if (!member || member.status === 'Deleted') return answer(422, 'user not in course');
		const previous = state.scores.findLast((x) => x.lineItem === item.id && x.userId === s.userId);
		// AGS 2.0 §3.4.1: a score older than the stored one is ignored, not an error.
		if (previous && Date.parse(previous.timestamp) > Date.parse(s.timestamp)) return answer(200);
		state.scores.push({ ...(s as unknown as FakeScore), lineItem: item.id });
		answer(200);
	}

	function memberships(req: IncomingMessage, res: ServerResponse, url: URL, context: string) {
		if (!authorize(req, res, [NRPS_SCOPE])) return;
		const all = options.members.get(context);
		if (!all) return send(res, 404);
		const limit = Math.max(
			1,
			Math.min(Number(url.searchParams.get('limit')) || Infinity, options.pageSize ?? 2)
		);
		const page = Math.max(0, Number(url.searchParams.get('page')) || 0);
		const headers: Record<string, string> = {
			'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json'
		};
		if ((page + 1) * limit < all.length) {
			const next = new URL(url);
			next.searchParams.set('page', String(page + 1));
			next.searchParams.set('limit', String(limit));
			headers.link = `<${next}>; rel="next"`;
		}
		send(
			res,
			200,
			{
				id: url.toString(),
				context: { id: context, title: context },
				members: all.slice(page * limit, (page + 1) * limit)
			},
			headers
		);
	}

	async function deepLinkReturn(req: IncomingMessage, res: ServerResponse, context: string) {
		const form = new URLSearchParams(await readBody(req));
		try {
			const { payload } = await jwtVerify(form.get('JWT') ?? '', toolKeys, {
				algorithms: ['RS256'],
				issuer: options.clientId,
				audience: options.base,
				maxTokenAge: '10m',
				clockTolerance: 5
			});
			if (payload[`${LTI}message_type`] !== 'LtiDeepLinkingResponse')
				throw new Error('message_type');
			if (payload[`${LTI}version`] !== '1.3.0') throw new Error('version');
			if (!options.deploymentIds.includes(String(payload[`${LTI}deployment_id`])))
				throw new Error('deployment_id');
			// Deep Linking 2.0 §4.5: the nonce is there to stop replays — a second post is refused.
			if (typeof payload.nonce !== 'string' || !payload.nonce || replyNonces.has(payload.nonce))
				throw new Error('nonce');
			replyNonces.add(payload.nonce);
			const items = (payload[`${DL}content_items`] ?? []) as Record<string, unknown>[];
			if (!Array.isArray(items)) throw new Error('content_items');
			for (const item of items) {
				if (item.type !== 'ltiResourceLink') continue;
				const lineItem = item.lineItem as Record<string, unknown> | undefined;
				if (lineItem) {
					if (!validLineItem(lineItem)) throw new Error('lineItem');
					addLineItem(context, lineItem);
				}
			}
			const data = payload[`${DL}data`];
			state.deepLinkReplies.push({
				contentItems: items,
				...(typeof data === 'string' ? { data } : {})
			});
			send(
				res,
				200,
				`<!doctype html><title>Deep link</title><p id="result">Added ${items.length} item(s).</p>`
			);
		} catch (e) {
			send(
				res,
				400,
				`<!doctype html><title>Deep link</title><p id="result">Refused: ${(e as Error).message}</p>`
			);
		}
	}

	function handle(req: IncomingMessage, res: ServerResponse): boolean {
		const url = new URL(req.url ?? '/', options.base);
		const path = url.pathname;
		const run = (work: () => unknown) => {
			if (state.down) return (send(res, 503, { error: 'maintenance' }), true);
			Promise.resolve()
				.then(work)
				.catch((e) => {
					if (!res.headersSent) send(res, 500, { error: (e as Error).message });
				});
			return true;
		};
		if (path === '/token' && req.method === 'POST') return run(() => token(req, res));
		let m = /^\/ags\/([^/]+)\/lineitems$/.exec(path);
		if (m) return run(() => lineItems(req, res, url, decodeURIComponent(m![1])));
		m = /^\/ags\/([^/]+)\/lineitems\/(\d+)\/lineitem\/scores$/.exec(path);
		if (m) {
			const id = lineItemUrl(decodeURIComponent(m[1]), Number(m[2]));
			return run(() => scores(req, res, id));
		}
		m = /^\/nrps\/([^/]+)\/memberships$/.exec(path);
		if (m && req.method === 'GET')
			return run(() => memberships(req, res, url, decodeURIComponent(m![1])));
		m = /^\/deep-link\/return\/([^/]+)$/.exec(path);
		if (m && req.method === 'POST')
			return run(() => deepLinkReturn(req, res, decodeURIComponent(m![1])));
		return false;
	}

	return {
		handle,
		state,
		tokenUrl,
		lineitemsUrl: (context: string) =>
			`${options.base}/ags/${encodeURIComponent(context)}/lineitems`,
		membershipsUrl: (context: string) =>
			`${options.base}/nrps/${encodeURIComponent(context)}/memberships`,
		deepLinkReturnUrl: (context: string) =>
			`${options.base}/deep-link/return/${encodeURIComponent(context)}`,
		addLineItem
	};
}

export type PlatformServices = ReturnType<typeof platformServices>;
