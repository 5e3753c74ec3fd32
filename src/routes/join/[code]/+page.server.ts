import { error, fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { findClassByCode, isEnrolled, joinClass, normalizeJoinCode } from '$lib/server/classes';
import { findUserById } from '$lib/server/users';
import * as m from '$lib/paraglide/messages';
import { throttleJoin } from '../throttle.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { params, locals, url } = event;
	await throttleJoin(event);
	const klass = await findClassByCode(db(), params.code);
	if (!klass) error(404, m.join_not_found());
	if (klass.archivedAt) error(410, m.join_archived());
	const instructor = await findUserById(db(), klass.instructorId);
	return {
		code: normalizeJoinCode(params.code),
		klass: { name: klass.name, instructor: instructor?.name ?? '' },
		enrolled: locals.user ? await isEnrolled(db(), klass.id, locals.user.id) : false,
		justJoined: url.searchParams.get('joined') === '1'
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		await throttleJoin(event);
		const { result, klass } = await joinClass(db(), event.params.code, user.id);
		if (result === 'not_found') return fail(404, { error: m.join_not_found() });
		if (result === 'archived') return fail(410, { error: m.join_archived() });
		return { joined: m.join_done({ name: klass!.name }) };
	}
} satisfies Actions;
