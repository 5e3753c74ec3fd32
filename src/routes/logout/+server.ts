import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deleteSessionTokenCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/session';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, cookies }) => {
	if (locals.session) await invalidateSession(db(), locals.session.id);
	deleteSessionTokenCookie(cookies);
	redirect(303, '/');
};
