import { error } from '@sveltejs/kit';
import { certificatePdfOf } from '$lib/server/certificates/documents';
import * as m from '$lib/paraglide/messages';
import { lookupCertificate } from '../lookup.server';
import type { RequestHandler } from './$types';

/** Public, like the page. A revoked certificate gets no fresh document: 410, and the page says why. */
export const GET: RequestHandler = async (event) => {
	const row = await lookupCertificate(event);
	if (row.revokedAt) error(410, m.cert_gone());
	const pdf = await certificatePdfOf(row, event.url.origin);
	return new Response(pdf as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `inline; filename="lernpfad-certificate-${row.code}.pdf"`,
			// Revocation must show at once: no shared caches.
			'Cache-Control': 'private, no-cache'
		}
	});
};
