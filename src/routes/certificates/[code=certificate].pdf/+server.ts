import { certificatePdfOf } from '$lib/server/certificates/documents';
import { goneDocument, lookupCertificate } from '../lookup.server';
import type { RequestHandler } from './$types';

/** Public, like the page. A revoked certificate gets no fresh document: 410, and the page says why. */
export const GET: RequestHandler = async (event) => {
	const row = await lookupCertificate(event);
	if (row.revokedAt) return goneDocument(event, row.code);
	const pdf = await certificatePdfOf(row, event.url.origin, event.locals.locale);
	return new Response(pdf as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `inline; filename="lernpfad-certificate-${row.code}.pdf"`,
			// Revocation must show at once: no shared caches.
			'Cache-Control': 'private, no-cache'
		}
	});
};
