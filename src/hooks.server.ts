import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building, dev } from '$app/environment';
import { closeAppDatabase, initDatabase } from '$lib/server/db';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import { seedDemo } from '$lib/server/demo';
import { getCourse } from '$lib/server/content';
import { signingKeys } from '$lib/server/certificates/keys';
import { startMailSender, stopMailSender } from '$lib/server/mail/sender';
import { startScoreSender, stopScoreSender } from '$lib/server/lti/score-sender';
import { mailTransportFromEnv } from '$lib/server/mail/transport';
import { jobOrigin, requireOrigin } from '$lib/server/origin';
import { REMINDER_SWEEP_MS, sweepReviewReminders } from '$lib/server/review/reminders';
import { handleActionName } from './hooks/actions';
import { syncReviewPools } from '$lib/server/review/sync';
import { handleAuth } from './hooks/auth';
import { handleCache } from './hooks/cache';
import { handleAvailability, markUnavailable } from './hooks/availability';
import { handleHeaders } from './hooks/headers';
import { handleInput } from './hooks/input';
import { handleLocale } from './hooks/locale';
import { handleCsrf, handleLtiFrame } from './hooks/lti';
import * as m from '$lib/paraglide/messages';

export const init: ServerInit = async () => {
	if (building) return;
	// Links in mail come from ORIGIN only (H2): without it, `node build` does not start.
	requireOrigin();
	// Validates all of content/: a broken file stops the app here, naming the file and the field.
	getCourse();
	const database = await initDatabase();
	await database.migrate();
	// A bad CREDENTIAL_SIGNING_KEY stops the start here; without one, the database's key is made now.
	await signingKeys(database.db);
	if (dev) await seedDemo(database.db, getCourse());
	// Retires the cards of removed questions, adds cards for new ones (and, once, for old passes).
	await syncReviewPools(database.db, getCourse());
	const transport = mailTransportFromEnv();
	if (transport.kind === 'console' && !dev) {
		console.warn(
			'SMTP_URL is not set: mails are printed here, not sent (see README, "Configuration").'
		);
	}
	await startMailSender(database.db, transport, [
		{
			name: 'review reminders',
			everyMs: REMINDER_SWEEP_MS,
			run: (db) => sweepReviewReminders(db, jobOrigin())
		}
	]);
	await startScoreSender(database.db);
	// Finish a send in progress (its row is marked), then close the pool: `node build` exits.
	process.once(
		'sveltekit:shutdown',
		() => void Promise.all([stopMailSender(), stopScoreSender()]).finally(closeAppDatabase)
	);
};

export const handle = sequence(
	handleCsrf,
	handleLtiFrame,
	handleHeaders,
	handleCache,
	handleAvailability,
	handleAuth,
	handleLocale,
	handleActionName,
	handleInput
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: m.error_not_found() };
	// Kit's own 4xx (e.g. a path it cannot decode) are the client's problem, not ours: no log noise.
	if (status < 500) return { message: status === 400 ? m.error_bad_request() : message };
	const id = crypto.randomUUID();
	if (isDatabaseUnavailable(error)) {
		// Answered 503 by handleAvailability: the database is down or busy, not a bug.
		markUnavailable(event);
		console.error(`[${id}] database unavailable:`, (error as Error).message);
		return { message: m.error_unavailable(), id, status: 503 };
	}
	console.error(`[${id}]`, error);
	return { message: status >= 500 ? m.error_generic() : message, id };
};
