import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { clientAddress } from '$lib/server/auth/client-address';
import { signInWithPassword } from '$lib/server/auth/password-sign-in';
import { afterSignIn, homeOf, joinCodeOf } from '$lib/server/auth/after-sign-in';
import { limits, take } from '$lib/server/auth/throttle';
import { findClassByCode } from '$lib/server/classes';
import { safeRedirect } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { locals, url } = event;
	if (locals.user)
		redirect(303, safeRedirect(url.searchParams.get('next'), homeOf(locals.user.role)));
	// A sign-in link from a join link names the class and asks (L7); the lookup counts against the
	// join limit like every other (L1), and past it the page just does not name the class.
	const code = joinCodeOf(safeRedirect(url.searchParams.get('next'), ''));
	if (!code || (await take(db(), limits.joinPerIp, clientAddress(event))).limited) return {};
	const klass = await findClassByCode(db(), code);
	if (!klass || klass.archivedAt) return {};
	return { joining: { name: klass.name } };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const { user, failure } = await signInWithPassword(event, data);
		if (failure) return failure;
		redirect(
			303,
			await afterSignIn(db(), user, event.url.searchParams.get('next'), {
				ip: clientAddress(event),
				// Unticked, the person lands on the join page, which asks again.
				confirmed: data.get('join') === 'on'
			})
		);
	}
} satisfies Actions;
