import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

interface GuardEvent {
	locals: App.Locals;
	url: URL;
}

/** Call at the top of every protected load, action and endpoint. */
export function requireUser(event: GuardEvent, ...roles: Role[]): SessionUser {
	const { user } = event.locals;
	if (!user) {
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	if (roles.length > 0 && !roles.includes(user.role)) error(403, m.error_forbidden());
	return user;
}
