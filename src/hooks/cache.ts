import { createHash, randomBytes } from 'node:crypto';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { LTI_SESSION_COOKIE } from '$lib/server/lti/session';
import { cookieName as LOCALE_COOKIE } from '$lib/paraglide/runtime';

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 100;
const NONCE = /'nonce-([^']+)'/;

interface Stored {
	body: string;
	headers: [string, string][];
	nonce: string;
	until: number;
}
const stored = new Map<string, Stored>();

/**
 * A visitor's view of a page is the same for everyone in a language: keyed by path, language
 * choice and Accept. Only plain GETs without a session cookie and without a query are kept. Inside
 * an LMS iframe the partitioned LTI cookie is the session (the usual one is not sent there).
 */
function keyOf(event: RequestEvent) {
	const signedIn = event.cookies.get(SESSION_COOKIE) || event.cookies.get(LTI_SESSION_COOKIE);
	if (event.request.method !== 'GET' || event.url.search || signedIn) return undefined;
	const h = event.request.headers;
	return [
		event.url.pathname,
		event.cookies.get(LOCALE_COOKIE) ?? '',
		h.get('accept-language') ?? '',
		h.get('accept') ?? ''
	].join('\n');
}

/** The stored page under a fresh CSP nonce: every response still has a nonce of its own. */
function replay(hit: Stored) {
	const nonce = randomBytes(16).toString('base64');
	const headers = new Headers(hit.headers);
	headers.set(
		'content-security-policy',
		headers.get('content-security-policy')!.replace(NONCE, `'nonce-${nonce}'`)
	);
	return new Response(hit.body.replaceAll(`nonce="${hit.nonce}"`, `nonce="${nonce}"`), {
		status: 200,
		headers
	});
}

/**
 * Pages a load marked `public` (the lesson for visitors) are rendered once a minute per language,
 * not per request, and get an ETag computed without the CSP nonce, so a browser or CDN revalidating
 * after `max-age` gets a 304 (SvelteKit compares If-None-Match with this header; the 304 keeps the
 * cached copy, whose nonce matches its own CSP header). Content changes only with a new build.
 */
export const handleCache: Handle = async ({ event, resolve }) => {
	const key = keyOf(event);
	const hit = key ? stored.get(key) : undefined;
	if (hit && hit.until > Date.now()) {
		event.locals.user = null;
		event.locals.session = null;
		return replay(hit);
	}
	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	const cache = response.headers.get('cache-control') ?? '';
	if (response.status !== 200 || !cache.startsWith('public') || !type.startsWith('text/html')) {
		return response;
	}
	const html = await response.text();
	const stable = html.replace(/ nonce="[^"]*"/g, '');
	const headers = new Headers(response.headers);
	headers.set('etag', `"${createHash('sha256').update(stable).digest('base64url').slice(0, 22)}"`);
	const nonce = NONCE.exec(headers.get('content-security-policy') ?? '')?.[1];
	if (key && nonce && !headers.has('set-cookie')) {
		if (stored.size >= MAX_ENTRIES) stored.clear();
		stored.set(key, { body: html, headers: [...headers], nonce, until: Date.now() + MAX_AGE_MS });
	}
	return new Response(html, { status: 200, headers });
};
