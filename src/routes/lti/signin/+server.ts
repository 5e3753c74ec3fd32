import { handleSignIn } from '$lib/server/lti/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleSignIn(event);
