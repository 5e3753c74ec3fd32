import { match as isId } from '../../../../params/id';
import { fail } from '@sveltejs/kit';
import { mailOrigin } from '$lib/server/origin';
import { db } from '$lib/server/db';
import { textField } from '$lib/server/forms';
import { REMINDER_MAX_LENGTH, REMINDERS_PER_CLASS_DAY, sendReminders } from '$lib/server/reminders';
import { isEnrolled } from '$lib/server/classes';
import * as m from '$lib/paraglide/messages';
import { needsHelpIds } from './class-report.server';
import type { RequestEvent } from './$types';

/** The class page's reminder action; the caller has checked that the viewer may see the class. */
export async function remind(
	event: RequestEvent,
	klass: { id: string; actor: { id: string; name: string } }
) {
	const data = await event.request.formData();
	const text = textField(data, 'text').trim();
	const userId = textField(data, 'userId');
	if (!text || [...text].length > REMINDER_MAX_LENGTH) {
		return fail(400, { reminderError: m.reminder_text_invalid(), text });
	}
	let userIds: string[];
	if (userId) {
		if (!isId(userId) || !(await isEnrolled(db(), klass.id, userId))) {
			return fail(400, { reminderError: m.reminder_not_learner(), text });
		}
		userIds = [userId];
	} else {
		userIds = await needsHelpIds(db(), klass.id);
		if (userIds.length === 0) return fail(400, { reminderError: m.reminder_none_to_send(), text });
	}
	const result = await sendReminders(db(), {
		classId: klass.id,
		sender: klass.actor,
		userIds,
		text,
		origin: mailOrigin(event),
		fallbackLocale: event.locals.locale
	});
	if (result.kind === 'class_limit') {
		return fail(429, {
			reminderError: m.reminder_class_limit({ max: REMINDERS_PER_CLASS_DAY }),
			text
		});
	}
	return { reminderNotice: m.reminder_sent(result), text };
}
