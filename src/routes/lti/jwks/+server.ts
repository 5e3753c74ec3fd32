import { json } from '@sveltejs/kit';
import { toolJwks } from '$lib/server/lti/keys';
import type { RequestHandler } from './$types';

/** The tool's public keys (RS256). Short cache: a rotated-in key must reach platforms soon. */
export const GET: RequestHandler = async () =>
	json(await toolJwks(), { headers: { 'cache-control': 'public, max-age=60' } });
