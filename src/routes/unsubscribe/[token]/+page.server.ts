import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/forms';
import { findUnsubscribe, UNSUBSCRIBE_DAYS, unsubscribe } from '$lib/server/review/reminders';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

/** RFC 8058: the body a mail provider's one-click POST carries (the page's button sends it too). */
const ONE_CLICK = 'One-Click';

function unknown(): never {
	error(404, m.unsubscribe_unknown({ days: UNSUBSCRIBE_DAYS }));
}

// Opening the link only shows a button: link scanners GET every URL in a mail, and must not
// unsubscribe anyone. No session needed; the token is the check (hooks/lti.ts).
export const load = (async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const found = await findUnsubscribe(db(), params.token);
	if (!found) unknown();
	return { on: found.on };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ params, request }) => {
		const data = await request.formData();
		if (data.get('List-Unsubscribe') !== ONE_CLICK) {
			return invalid(400, { message: m.unsubscribe_bad_request() });
		}
		if (!(await unsubscribe(db(), params.token))) unknown();
		return { done: true };
	}
} satisfies Actions;
