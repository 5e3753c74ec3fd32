import { db } from '$lib/server/db';
import { credentialJwt } from '$lib/server/certificates/documents';
import { goneDocument, lookupCertificate } from '../lookup.server';
import type { RequestHandler } from './$types';

/** The signed Open Badges 3.0 credential (VC-JWT) as a file. Public, like the page; revoked → 410. */
export const GET: RequestHandler = async (event) => {
	const row = await lookupCertificate(event);
	if (row.revokedAt) return goneDocument(event, row.code);
	const jwt = await credentialJwt(db(), row, event.url.origin);
	return new Response(jwt, {
		headers: {
			'Content-Type': 'application/vc+jwt',
			'Content-Disposition': `attachment; filename="lernpfad-certificate-${row.code}.jwt"`,
			'Cache-Control': 'private, no-cache'
		}
	});
};
