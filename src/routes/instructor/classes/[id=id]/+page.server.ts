import { match as isId } from '../../../../params/id';
import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { progressRead } from '$lib/server/reports';
import {
	isEnrolled,
	regenerateJoinCode,
	removeLearner,
	renameClass,
	setArchived
} from '$lib/server/classes';
import { nameError, textField } from '$lib/server/forms';
import { REMINDERS_PER_CLASS_DAY, reminderStatus } from '$lib/server/reminders';
import { findUserById } from '$lib/server/users';
import { joinQrSvg } from '$lib/server/qr';
import * as m from '$lib/paraglide/messages';
import { buildClassReport, parseMatrixQuery } from './class-report.server';
import { remind, reminderDraft } from './remind.server';
import type { Locale } from '$lib/server/quiz/types';
import { retentionView } from './retention.server';
import { lmsPanel, refreshRosters } from './lms.server';
import { ownClass } from './own-class.server';
import type { Actions, PageServerLoad } from './$types';

/** `?confirm=remove&learner=…`, `?confirm=regenerate`, `?confirm=archive`: what to ask before acting. */
async function confirmation(url: URL, classId: string, locale: Locale) {
	const action = url.searchParams.get('confirm');
	if (action === 'regenerate' || action === 'archive') return { action };
	const learnerId = url.searchParams.get('learner') ?? '';
	if (action === 'remind') {
		const draft = await reminderDraft(classId, learnerId, locale);
		return draft ? { action, draft } : null;
	}
	if (action !== 'remove' || !isId(learnerId) || !(await isEnrolled(db(), classId, learnerId)))
		return null;
	const learner = (await findUserById(db(), learnerId))!;
	return { action, learner: { id: learner.id, name: learner.name, email: learner.email } };
}

export const load = (async (event) => {
	const klass = await ownClass(event);
	const joinUrl = `${event.url.origin}/join/${klass.joinCode}`;
	// Independent reads together; the reminder marks only for the rows the matrix shows.
	// How the class's progress is read (reports.ts): decided once for the report and retention.
	const read = progressRead(db(), klass.id);
	const [confirm, joinQr, report, retention, lms] = await Promise.all([
		confirmation(event.url, klass.id, event.locals.locale),
		joinQrSvg(joinUrl),
		read.then((r) =>
			buildClassReport(db(), klass.id, parseMatrixQuery(event.url), event.locals.locale, r)
		),
		read.then((r) => retentionView(db(), klass.id, event.locals.locale, r)),
		lmsPanel(klass.id)
	]);
	const shown = report.matrix.rows.map((r) => r.userId);
	return {
		confirm,
		klass: {
			id: klass.id,
			name: klass.name,
			joinCode: klass.joinCode,
			joinUrl,
			archived: klass.archivedAt !== null
		},
		joinQr,
		report,
		retention,
		lms,
		reminders: await reminderStatus(db(), klass.id, shown),
		reminderDefault: m.reminder_default(),
		reminderMax: REMINDERS_PER_CLASS_DAY
	};
}) satisfies PageServerLoad;

export const actions = {
	rename: async (event) => {
		const klass = await ownClass(event);
		const name = textField(await event.request.formData(), 'name');
		const problem = nameError(name);
		if (problem) return fail(400, { done: 'rename', error: problem, name });
		await renameClass(db(), klass.id, name);
		return { done: 'rename', notice: m.class_renamed({ name: name.trim() }) };
	},
	regenerate: async (event) => {
		const klass = await ownClass(event);
		await regenerateJoinCode(db(), klass.id, klass.actor);
		return { done: 'regenerate', notice: m.class_regenerated() };
	},
	archive: async (event) => {
		const klass = await ownClass(event);
		await setArchived(db(), klass.id, true, klass.actor);
		return { done: 'archive', notice: m.class_archived_notice() };
	},
	unarchive: async (event) => {
		const klass = await ownClass(event);
		await setArchived(db(), klass.id, false, klass.actor);
		return { done: 'unarchive', notice: m.class_unarchived() };
	},
	remove: async (event) => {
		const klass = await ownClass(event);
		const userId = textField(await event.request.formData(), 'userId');
		const learner = isId(userId) ? await findUserById(db(), userId) : undefined;
		// Only learners of this class: any other id gets the same answer as an unknown one (L6).
		if (!learner || !(await removeLearner(db(), klass.id, learner.id, klass.actor))) {
			return fail(400, { done: 'remove', error: m.reminder_not_learner() });
		}
		return { done: 'remove', notice: m.class_removed({ name: learner.name }) };
	},
	/** One learner (the row's button: `userId`) or everyone on the needs-help list. */
	remind: async (event) => remind(event, await ownClass(event)),
	/** An LTI class: fetch the LMS roster (NRPS) now. */
	roster: async (event) => refreshRosters((await ownClass(event)).id)
} satisfies Actions;
