import { handleLaunch } from '$lib/server/lti/respond';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => handleLaunch(event);
