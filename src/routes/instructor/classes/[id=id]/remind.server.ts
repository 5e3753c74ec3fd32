import { match as isId } from '../../../../params/id';
import { fail } from '@sveltejs/kit';
import { mailOrigin } from '$lib/server/origin';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/content';
import { textField } from '$lib/server/forms';
import { REMINDER_MAX_LENGTH, REMINDERS_PER_CLASS_DAY, sendReminders } from '$lib/server/reminders';
import { classLearners } from '$lib/server/reports';
import type { Locale } from '$lib/server/quiz/types';
import * as m from '$lib/paraglide/messages';
import { needsHelpIds } from './class-report.server';
import { reminderKind } from './help-reasons';
import type { RequestEvent } from './$types';

/**
 * A reminder to one learner, to confirm before it goes out: the recipient and a text that fits why
 * (not started, failed a quiz twice, inactive). None for a learner who finished the course.
 */
export async function reminderDraft(classId: string, learnerId: string, locale: Locale) {
	if (!isId(learnerId)) return null;
	const [row] = await classLearners(db(), classId, { ids: [learnerId] });
	if (!row) return null;
	const course = getCourse();
	const why = reminderKind(row.lessons, row.passed, course.lessons.length);
	if (why.kind === 'finished') return null;
	const lesson = why.kind === 'failed' ? course.bySlug.get(why.slug) : undefined;
	const text =
		why.kind === 'not_started'
			? m.reminder_default_not_started()
			: lesson
				? m.reminder_default_failed({ number: lesson.number, lesson: lesson.text[locale].title })
				: m.reminder_default();
	return { id: row.userId, name: row.name, email: row.email, text };
}

/** The class page's reminder action; the caller has checked that the viewer may see the class. */
export async function remind(
	event: RequestEvent,
	klass: { id: string; actor: { id: string; name: string } }
) {
	const data = await event.request.formData();
	const text = textField(data, 'text').trim();
	const userId = textField(data, 'userId');
	// One learner's reminder answers beside their row (done: 'remind'); the list's in its card.
	const one = userId ? { done: 'remind' as const, userId } : {};
	if (!text || [...text].length > REMINDER_MAX_LENGTH) {
		return fail(400, { ...one, reminderError: m.reminder_text_invalid(), text });
	}
	let userIds: string[];
	if (userId) {
		if (!isId(userId) || !(await classLearners(db(), klass.id, { ids: [userId] })).length) {
			return fail(400, { ...one, reminderError: m.reminder_not_learner(), text });
		}
		if (!(await reminderDraft(klass.id, userId, event.locals.locale))) {
			return fail(400, { ...one, reminderError: m.reminder_finished(), text });
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
			...one,
			reminderError: m.reminder_class_limit({ max: REMINDERS_PER_CLASS_DAY }),
			text
		});
	}
	return { ...one, reminderNotice: m.reminder_sent(result), text };
}
