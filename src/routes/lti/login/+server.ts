import { handleLogin } from '$lib/server/lti/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleLogin(event);
export const POST: RequestHandler = (event) => handleLogin(event);
