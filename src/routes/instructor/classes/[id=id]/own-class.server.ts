import { error, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { classForViewer } from '$lib/server/classes';
import * as m from '$lib/paraglide/messages';

/** Every load and action of a class's pages starts here: instructors see only their own classes, admins every class. */
export async function ownClass(event: RequestEvent) {
	const user = requireUser(event, 'instructor', 'admin');
	const klass = await classForViewer(db(), event.params.id ?? '', user);
	if (!klass) error(404, m.error_not_found());
	return Object.assign(klass, { actor: { id: user.id, name: user.name } });
}
