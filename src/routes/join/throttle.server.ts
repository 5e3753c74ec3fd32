import { error, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { clientAddress } from '$lib/server/auth/client-address';
import { limits, take } from '$lib/server/auth/throttle';
import { throttledMessage } from '$lib/server/forms';

/** Every lookup of a code counts against the client's address: 429 past the limit. */
export async function throttleJoin(event: RequestEvent) {
	const state = await take(db(), limits.joinPerIp, clientAddress(event));
	if (!state.limited) return;
	event.setHeaders({ 'Retry-After': String(state.retryAfter) });
	error(429, throttledMessage(state.retryAfter));
}
