import { error, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { clientAddress } from '$lib/server/auth/client-address';
import { limits, take, type ThrottleState } from '$lib/server/auth/throttle';
import { findCertificate } from '$lib/server/certificates/issue';
import * as m from '$lib/paraglide/messages';

// A form post to a certificate page runs its action and then the page's load: one request, one count
// (and one Retry-After header — setting it twice is an error).
const counted = new WeakMap<Request, Promise<ThrottleState>>();

/** Counts one lookup per request for the client's address; over the limit, a message and Retry-After. */
export async function throttleLookup(event: RequestEvent) {
	const first = !counted.has(event.request);
	if (first) {
		counted.set(event.request, take(db(), limits.certificateLookupPerIp, clientAddress(event)));
	}
	const state = await counted.get(event.request)!;
	if (!state.limited) return undefined;
	if (first) event.setHeaders({ 'Retry-After': String(state.retryAfter) });
	return m.cert_throttled({ minutes: Math.max(1, Math.ceil(state.retryAfter / 60)) });
}

/** The certificate of the route's code, counted against the client's limit: 429 or 404 otherwise. */
export async function lookupCertificate(event: RequestEvent & { params: { code: string } }) {
	const throttled = await throttleLookup(event);
	if (throttled) error(429, throttled);
	const row = await findCertificate(db(), event.params.code);
	if (!row) error(404, m.cert_not_found());
	return row;
}

/**
 * A revoked certificate's PDF or credential: 410. A browser (asking for HTML) gets the site's error
 * page with a link to the certificate page; other clients get Kit's plain answer.
 */
export async function goneDocument(event: RequestEvent, code: string): Promise<Response> {
	if (!(event.request.headers.get('accept') ?? '').includes('text/html')) error(410, m.cert_gone());
	const page = await event.fetch(`/certificates/${code}/gone`, {
		headers: {
			accept: 'text/html',
			'accept-language': event.request.headers.get('accept-language') ?? ''
		}
	});
	const headers = new Headers({ 'Cache-Control': 'private, no-cache' });
	for (const name of ['content-type', 'content-security-policy']) {
		const value = page.headers.get(name);
		if (value) headers.set(name, value);
	}
	return new Response(await page.text(), { status: 410, headers });
}
