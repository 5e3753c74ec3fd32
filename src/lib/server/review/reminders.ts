import { eq, inArray, lt, sql } from 'drizzle-orm';
import { baseLocale } from '$lib/paraglide/runtime';
import type { Db } from '../db';
import { rows } from '../db/rows';
import {
	reviewReminder,
	reviewSettings,
	user,
	type Locale,
	type ReviewReminderFrequency
} from '../db/schema';
import { generateSessionToken, sessionIdFromToken } from '../auth/session';
import { enqueueMail } from '../mail/outbox';
import { reviewReminderMail } from '../mail/review-reminder';
import { dueCards } from './cards';
import { DAILY_CAP, DEFAULT_TIME_ZONE } from './scheduler';

/** Reminders go out between these local hours: not before breakfast, not at midnight. */
export const REMIND_FROM_HOUR = 7;
export const REMIND_UNTIL_HOUR = 21;
/** A reminder's unsubscribe link works this long; then its row (and token hash) is deleted. */
export const UNSUBSCRIBE_DAYS = 180;
/** How often each process sweeps (the sweep is idempotent: any number of processes may run it). */
export const REMINDER_SWEEP_MS = 5 * 60_000;
const BATCH = 200;

export interface ReminderSettings {
	reminders: ReviewReminderFrequency;
	/** Null until chosen (or sent by the review page): then the course's zone applies. */
	timeZone: string | null;
}

export async function reminderSettings(db: Db, userId: string): Promise<ReminderSettings> {
	const [row] = await db
		.select({ reminders: reviewSettings.reminders, timeZone: reviewSettings.timeZone })
		.from(reviewSettings)
		.where(eq(reviewSettings.userId, userId));
	return row ?? { reminders: 'off', timeZone: null };
}

/**
 * Saves the choice on /settings. A learner who never picked a language gets mail in the one they
 * opted in with (`locale`), not in the course's default.
 */
export async function saveReminderSettings(
	db: Db,
	userId: string,
	settings: { reminders: ReviewReminderFrequency; timeZone: string },
	locale: Locale
) {
	await db.transaction(async (tx) => {
		await tx
			.insert(reviewSettings)
			.values({ userId, ...settings })
			.onConflictDoUpdate({ target: reviewSettings.userId, set: settings });
		if (settings.reminders !== 'off')
			await tx
				.update(user)
				.set({ locale: sql`coalesce(${user.locale}, ${locale})` })
				.where(eq(user.id, userId));
	});
}

interface Candidate {
	user_id: string;
	email: string;
	name: string;
	locale: Locale | null;
	period: string;
	due: number;
}

/**
 * Learners to remind at `now`: opted in, not disabled, between REMIND_FROM_HOUR and
 * REMIND_UNTIL_HOUR in their zone, not yet reminded this period (a local day, or an ISO week from
 * Monday), and with reviews due today within today's cap — the figure /learn shows.
 */
async function candidates(db: Db, now: Date, after: string) {
	const at = now.toISOString();
	return rows<Candidate>(
		db,
		sql`with opted as (
			select s.user_id, s.reminders, u.email, u.name, u.locale,
				coalesce(s.time_zone, ${DEFAULT_TIME_ZONE}) as tz
			from review_settings s join "user" u on u.id = s.user_id
			where s.reminders <> 'off' and u.disabled_at is null and s.user_id > ${after}
		), here as (
			select opted.*, ${at}::timestamptz at time zone opted.tz as local from opted
		), cand as (
			select here.*,
				case when here.reminders = 'daily' then 'day:' || to_char(here.local, 'YYYY-MM-DD')
					else 'week:' || to_char(here.local, 'IYYY-"W"IW') end as period,
				date_trunc('day', here.local) at time zone here.tz as today,
				(date_trunc('day', here.local) + interval '1 day') at time zone here.tz as tomorrow
			from here
			where extract(hour from here.local) >= ${REMIND_FROM_HOUR}
				and extract(hour from here.local) < ${REMIND_UNTIL_HOUR}
		), counted as (
			select cand.*,
				(select count(*)::int from ${dueCards(sql`cand.user_id`)} and c.due < cand.tomorrow) as cards,
				(select count(*)::int from review_log l
					where l.user_id = cand.user_id and l.answered_at >= cand.today) as done
			from cand
			where not exists (select 1 from review_reminder r
				where r.user_id = cand.user_id and r.period = cand.period)
		)
		select user_id, email, name, locale, period, least(cards, ${DAILY_CAP} - done) as due
		from counted where least(cards, ${DAILY_CAP} - done) > 0
		order by user_id limit ${BATCH}`
	);
}

/**
 * Claims each learner's period (the primary key: of two processes sweeping at once, one inserts,
 * the other's insert does nothing) and queues the mail in the same transaction: one mail per
 * learner and period, whatever runs in parallel.
 */
async function remind(db: Db, found: Candidate[], origin: string, now: Date) {
	const tokens = new Map(found.map((c) => [c.user_id, generateSessionToken()]));
	return db.transaction(async (tx) => {
		const claimed = await tx
			.insert(reviewReminder)
			.values(
				found.map((c) => ({
					userId: c.user_id,
					period: c.period,
					tokenHash: sessionIdFromToken(tokens.get(c.user_id)!),
					due: c.due,
					createdAt: now
				}))
			)
			.onConflictDoNothing()
			.returning({ userId: reviewReminder.userId });
		const mine = new Set(claimed.map((c) => c.userId));
		const chosen = found.filter((c) => mine.has(c.user_id));
		if (chosen.length === 0) return 0;
		await tx
			.update(reviewSettings)
			.set({ remindedAt: now })
			.where(inArray(reviewSettings.userId, [...mine]));
		await enqueueMail(
			tx,
			chosen.map((c) =>
				reviewReminderMail({
					to: { email: c.email, name: c.name, locale: c.locale ?? (baseLocale as Locale) },
					due: c.due,
					origin,
					token: tokens.get(c.user_id)!
				})
			)
		);
		return chosen.length;
	});
}

/** One sweep: queues the reminders due at `now` and deletes those past UNSUBSCRIBE_DAYS. */
export async function sweepReviewReminders(db: Db, origin: string, now = new Date()) {
	let queued = 0;
	let after = '';
	for (;;) {
		const found = await candidates(db, now, after);
		if (found.length > 0) queued += await remind(db, found, origin, now);
		if (found.length < BATCH) break;
		after = found[found.length - 1].user_id;
	}
	await db
		.delete(reviewReminder)
		.where(lt(reviewReminder.createdAt, new Date(now.getTime() - UNSUBSCRIBE_DAYS * 86_400_000)));
	return queued;
}

// generateSessionToken's alphabet and length: anything else is no token of ours.
const wellFormed = (token: string) => /^[a-z2-7]{32}$/.test(token);

/** The learner a reminder's unsubscribe token belongs to, and whether reminders are still on. */
export async function findUnsubscribe(db: Db, token: string) {
	if (!wellFormed(token)) return undefined;
	const [row] = await db
		.select({ userId: reviewReminder.userId, reminders: reviewSettings.reminders })
		.from(reviewReminder)
		.leftJoin(reviewSettings, eq(reviewSettings.userId, reviewReminder.userId))
		.where(eq(reviewReminder.tokenHash, sessionIdFromToken(token)));
	return row && { userId: row.userId, on: !!row.reminders && row.reminders !== 'off' };
}

/**
 * RFC 8058 one-click: turns the token owner's reminders off (idempotent; the token stays valid, it
 * can only ever turn mail off). False for a token that is not, or no longer, ours.
 */
export async function unsubscribe(db: Db, token: string) {
	const found = await findUnsubscribe(db, token);
	if (!found) return false;
	await db
		.update(reviewSettings)
		.set({ reminders: 'off' })
		.where(eq(reviewSettings.userId, found.userId));
	return true;
}
