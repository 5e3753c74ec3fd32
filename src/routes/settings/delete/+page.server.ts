import { redirect } from '@sveltejs/kit';
import { deletionBlockers } from '$lib/server/account/delete';
import { requireUser } from '$lib/server/auth/guard';
import { deleteSessionTokenCookie } from '$lib/server/auth/cookies';
import { clientAddress } from '$lib/server/auth/client-address';
import { findCertificateOfUser } from '$lib/server/certificates/issue';
import { db } from '$lib/server/db';
import { setNotice } from '$lib/server/notice';
import type { Actions, PageServerLoad } from './$types';
import { confirmDeletion } from './confirm.server';

export const load = (async (event) => {
	const me = requireUser(event);
	const [blockers, certificate] = await Promise.all([
		deletionBlockers(db(), me.id),
		findCertificateOfUser(db(), me.id)
	]);
	return {
		email: me.email,
		blockers,
		instructor: me.role !== 'learner',
		certificate: certificate && !certificate.revokedAt ? { code: certificate.code } : null
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const me = requireUser(event);
		const result = await confirmDeletion(event, me.id, clientAddress(event));
		if (result) return result;
		// The sessions went with the account (ON DELETE CASCADE); the cookie goes now.
		deleteSessionTokenCookie(event.cookies);
		setNotice(event.cookies, 'account-deleted');
		redirect(303, '/');
	}
} satisfies Actions;
