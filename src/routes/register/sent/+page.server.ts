import { safeRedirect } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

/** The same page whether the address was new or known; only a new registrant is signed in. */
export const load = (({ url }) => ({
	next: safeRedirect(url.searchParams.get('next'), '/learn')
})) satisfies PageServerLoad;
