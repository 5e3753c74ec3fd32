import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { signingKeys } from '$lib/server/certificates/keys';
import type { RequestHandler } from './$types';

/** The public keys that sign Lernpfad's credentials; anyone may fetch them, from anywhere. */
export const GET: RequestHandler = async () => {
	const { jwks } = await signingKeys(db());
	return json(jwks, {
		headers: {
			'Cache-Control': 'public, max-age=300',
			'Access-Control-Allow-Origin': '*',
			'Content-Type': 'application/jwk-set+json'
		}
	});
};
