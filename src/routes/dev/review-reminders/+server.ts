import { error, json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { wakeMailSender } from '$lib/server/mail/sender';
import { jobOrigin } from '$lib/server/origin';
import { now, testClock } from '$lib/server/review/clock';
import { sweepReviewReminders } from '$lib/server/review/reminders';
import type { RequestHandler } from './$types';

/**
 * Test servers only (TEST_CLOCK=1): runs the reminder sweep at the request's `x-test-now`, so an
 * end-to-end test sees the mail of a day it moved to. Everywhere else this is a 404.
 */
export const POST: RequestHandler = async ({ request }) => {
	if (!testClock()) error(404);
	const queued = await sweepReviewReminders(db(), jobOrigin(), now(request));
	wakeMailSender();
	return json({ queued });
};
