import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findClassByCode, joinClass, JOIN_CODE, normalizeJoinCode } from '$lib/server/classes';
import { textField } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import { throttleJoin } from './throttle.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => ({})) satisfies PageServerLoad;

/**
 * The "join a class" field on /, /learn and here posts to this action. A signed-in user joins at once;
 * a visitor goes on to /join/CODE, whose sign-in and register links carry the code through.
 */
export const actions = {
	default: async (event) => {
		const typed = textField(await event.request.formData(), 'code').slice(0, 100);
		const code = normalizeJoinCode(typed);
		if (!code) return fail(400, { code: typed, error: m.join_code_required() });
		if (!JOIN_CODE.test(code)) return fail(400, { code: typed, error: m.join_code_invalid() });
		await throttleJoin(event);
		if (!event.locals.user) {
			const klass = await findClassByCode(db(), code);
			if (!klass) return fail(404, { code: typed, error: m.join_not_found() });
			if (klass.archivedAt) return fail(410, { code: typed, error: m.join_archived() });
			redirect(303, `/join/${code}`);
		}
		const { result } = await joinClass(db(), code, event.locals.user.id);
		if (result === 'not_found') return fail(404, { code: typed, error: m.join_not_found() });
		if (result === 'archived') return fail(410, { code: typed, error: m.join_archived() });
		redirect(303, result === 'joined' ? `/join/${code}?joined=1` : `/join/${code}`);
	}
} satisfies Actions;
