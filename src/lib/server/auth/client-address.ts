import type { RequestEvent } from '@sveltejs/kit';

/**
 * The client's address for throttling. Behind a proxy (ADDRESS_HEADER) a request that lacks the
 * header makes `getClientAddress` throw: such requests share one bucket instead of failing.
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}
