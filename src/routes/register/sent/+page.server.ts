import { db } from '$lib/server/db';
import { joinCodeOf } from '$lib/server/auth/after-sign-in';
import { findClassByCode, isEnrolled } from '$lib/server/classes';
import { safeRedirect } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

/** The same page whether the address was new or known; only a new registrant is signed in. */
export const load = (async ({ url, locals }) => {
	const next = safeRedirect(url.searchParams.get('next'), '/learn');
	// A new registrant who came from a join link was put in the class by the registration POST:
	// "continue" then says so instead of offering to join again.
	const code = joinCodeOf(next);
	if (locals.user && code) {
		const klass = await findClassByCode(db(), code);
		if (klass && (await isEnrolled(db(), klass.id, locals.user.id))) {
			return { next: `${next}?joined=1`, joined: klass.name };
		}
	}
	return { next, joined: null };
}) satisfies PageServerLoad;
