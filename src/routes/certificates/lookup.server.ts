import { error, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { limits, take } from '$lib/server/auth/throttle';
import { findCertificate } from '$lib/server/certificates/issue';
import * as m from '$lib/paraglide/messages';

/** The client's address; requests without the configured proxy header share one bucket, not a 500. */
function clientAddress(event: RequestEvent) {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/** Counts one lookup for the client's address; over the limit, a message and Retry-After. */
export async function throttleLookup(event: RequestEvent) {
	const state = await take(db(), limits.certificateLookupPerIp, clientAddress(event));
	if (!state.limited) return undefined;
	event.setHeaders({ 'Retry-After': String(state.retryAfter) });
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
