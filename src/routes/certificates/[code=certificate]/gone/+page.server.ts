import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findCertificate } from '$lib/server/certificates/issue';
import * as m from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

/**
 * The site's error page for a revoked certificate's PDF or credential opened in a browser (the
 * document endpoints render this with status 410). Says nothing the certificate page does not.
 */
export const load = (async ({ params }) => {
	const row = await findCertificate(db(), params.code);
	if (!row?.revokedAt) error(404, m.error_not_found());
	error(410, {
		message: m.cert_gone(),
		link: { href: `/certificates/${row.code}`, label: m.cert_gone_link() }
	});
}) satisfies PageServerLoad;
