import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { reviewSummary } from '$lib/server/review/cards';
import { now } from '$lib/server/review/clock';
import { DAILY_CAP, localDay } from '$lib/server/review/scheduler';
import {
	adoptBrowserTimeZone,
	feedbackForLearner,
	reviewForLearner,
	submitReview
} from '$lib/server/review/session';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUser(event);
	const at = now(event.request);
	const itemId = event.url.searchParams.get('item');
	const [summary, feedback, item] = await Promise.all([
		reviewSummary(db(), user.id, at),
		itemId ? feedbackForLearner(db(), itemId, user.id, event.locals.locale) : null,
		itemId ? null : reviewForLearner(db(), user.id, event.locals.locale, at)
	]);
	if (itemId && !feedback) error(404, m.error_not_found());
	return {
		summary,
		feedback: feedback && {
			...feedback,
			nextDueDay: localDay(new Date(feedback.nextDue), summary.timeZone)
		},
		item,
		cap: DAILY_CAP
	};
}) satisfies PageServerLoad;

export const actions = {
	answer: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const outcome = await submitReview(db(), user.id, form, now(event.request));
		if (outcome.kind === 'unknown')
			return fail(400, { review: { message: m.review_item_unknown(), values: {}, problems: {} } });
		if (outcome.kind === 'problems') {
			return fail(400, {
				review: {
					message: m.review_answer_missing(),
					values: outcome.parsed.values,
					problems: outcome.parsed.problems
				}
			});
		}
		await adoptBrowserTimeZone(db(), user.id, form.get('tz'));
		redirect(303, `/review?item=${outcome.itemId}#feedback`);
	}
} satisfies Actions;
