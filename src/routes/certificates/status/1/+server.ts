import { db } from '$lib/server/db';
import { statusListJwt } from '$lib/server/certificates/documents';
import type { RequestHandler } from './$types';

/**
 * The revocation status list of every certificate (W3C Bitstring Status List, a VC-JWT), built from
 * the database on each request: a revocation shows at once, and any process can answer.
 */
export const GET: RequestHandler = async ({ url }) => {
	const jwt = await statusListJwt(db(), url.origin);
	return new Response(jwt, {
		headers: {
			'Content-Type': 'application/vc+jwt',
			'Cache-Control': 'public, max-age=0, must-revalidate',
			'Access-Control-Allow-Origin': '*'
		}
	});
};
