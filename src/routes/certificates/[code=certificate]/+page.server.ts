import { publicView } from '$lib/server/certificates/documents';
import { revokeAction } from '$lib/server/certificates/revoke-action';
import { lookupCertificate } from '../lookup.server';
import { verifyAction } from '../verify.server';
import type { Actions, PageServerLoad } from './$types';

/** Public: anyone with the link. Only what the certificate says — no email, no account id. */
export const load = (async (event) => {
	const row = await lookupCertificate(event);
	const admin = event.locals.user?.role === 'admin';
	return { certificate: publicView(row, event.locals.locale, admin), admin };
}) satisfies PageServerLoad;

export const actions = {
	verify: (event) => verifyAction(event, event.params.code),
	// Admins only (revokeAction checks the role, and revokeCertificate checks it again).
	revoke: revokeAction
} satisfies Actions;
