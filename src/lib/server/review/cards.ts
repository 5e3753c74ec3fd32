import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { rows } from '../db/rows';
import { reviewCard, reviewItem, reviewLog, type ReviewCard } from '../db/schema';
import type { Response } from '../quiz/grade';
import { newAttemptSecret } from '../quiz/tokens';
import { newSeed } from '../quiz/random';
import { newId } from '../users';
import { DAILY_CAP, DEFAULT_TIME_ZONE, newCardState, ratingOf, schedule } from './scheduler';

/**
 * Cards for a lesson's whole pool, first due a day later. Called in the transaction that records
 * a pass; a later pass finds them there and changes nothing.
 */
export async function createCards(
	db: Db,
	userId: string,
	lesson: string,
	questionIds: readonly string[],
	now: Date
) {
	if (questionIds.length === 0) return;
	const state = newCardState(now);
	await db
		.insert(reviewCard)
		.values(
			questionIds.map((questionId) => ({ userId, lesson, questionId, ...state, createdAt: now }))
		)
		.onConflictDoNothing();
}

/**
 * The learner's day in their time zone, as a CTE `bounds(tz, today, tomorrow)`: the instants their
 * today starts and ends (date_trunc in local time, so a DST day has 23 or 25 hours).
 */
export function dayBounds(userId: string, now: Date) {
	const at = now.toISOString();
	return sql`bounds as (
		select tz,
			date_trunc('day', ${at}::timestamptz at time zone tz) at time zone tz as today,
			(date_trunc('day', ${at}::timestamptz at time zone tz) + interval '1 day') at time zone tz as tomorrow
		from (select coalesce((select time_zone from review_settings where user_id = ${userId}),
			${DEFAULT_TIME_ZONE}) as tz) z
	), done as (
		select count(*)::int as n from review_log l, bounds
		where l.user_id = ${userId} and l.answered_at >= bounds.today
	)`;
}

/**
 * Cards of passed lessons only: a card can never show a question of a lesson not yet passed.
 * `userId` is a value, or a column of an outer query (the reminder sweep counts for many learners).
 */
export const dueCards = (userId: string | SQL) => sql`review_card c
	join lesson_progress p on p.user_id = c.user_id and p.lesson = c.lesson and p.passed_at is not null
	where c.user_id = ${userId} and c.retired_at is null`;

export interface ReviewSummary {
	/** Due today and still within today's cap. */
	due: number;
	done: number;
	cards: number;
	timeZone: string;
	today: string;
	/** Answers per local day, the last 28 days, oldest first. */
	calendar: { day: string; count: number; right: number }[];
}

const DAY = 86_400_000;

/** Everything /learn shows about reviews, in one statement (so it rides in the page's read batch). */
export async function reviewSummary(db: Db, userId: string, now: Date): Promise<ReviewSummary> {
	const [row] = await rows<{
		tz: string;
		today: string;
		due: number;
		done: number;
		cards: number;
		calendar: { day: string; count: number; right: number }[] | string;
	}>(
		db,
		sql`with ${dayBounds(userId, now)}, cal as (
			select (l.answered_at at time zone bounds.tz)::date::text as day, count(*)::int as count,
				(count(*) filter (where l.correct))::int as "right"
			from review_log l, bounds
			where l.user_id = ${userId} and l.answered_at >= bounds.today - interval '28 days'
			group by 1
		)
		select bounds.tz, (bounds.today at time zone bounds.tz)::date::text as today, done.n as done,
			(select count(*)::int from ${dueCards(userId)} and c.due < bounds.tomorrow) as due,
			(select count(*)::int from ${dueCards(userId)}) as cards,
			coalesce((select json_agg(cal) from cal), '[]') as calendar
		from bounds, done`
	);
	const counts = new Map(
		(typeof row.calendar === 'string' ? JSON.parse(row.calendar) : row.calendar).map(
			(c: { day: string; count: number; right: number }) => [c.day, c]
		)
	);
	const end = Date.parse(`${row.today}T00:00:00Z`);
	const calendar = Array.from({ length: 28 }, (_, i) => {
		const day = new Date(end - (27 - i) * DAY).toISOString().slice(0, 10);
		return (counts.get(day) as ReviewSummary['calendar'][number]) ?? { day, count: 0, right: 0 };
	});
	return {
		due: Math.min(row.due, Math.max(0, DAILY_CAP - row.done)),
		done: row.done,
		cards: row.cards,
		timeZone: row.tz,
		today: row.today,
		calendar
	};
}

export type OpenItem = { item: typeof reviewItem.$inferSelect; card: ReviewCard };

async function openItemOf(db: Db, userId: string): Promise<OpenItem | undefined> {
	const [found] = await db
		.select({ item: reviewItem, card: reviewCard })
		.from(reviewItem)
		.innerJoin(reviewCard, eq(reviewCard.id, reviewItem.cardId))
		.where(and(eq(reviewItem.userId, userId), isNull(reviewItem.answeredAt)));
	return found;
}

/**
 * The question to show next: the open item (a reload shows the same question under the same
 * values), or a new one for the most overdue card while today's cap allows. Parallel loads share
 * one item (unique index on open items).
 */
export async function nextItem(db: Db, userId: string, now: Date): Promise<OpenItem | undefined> {
	const open = await openItemOf(db, userId);
	if (open && !open.card.retiredAt) return open;
	if (open) await db.delete(reviewItem).where(eq(reviewItem.id, open.item.id));
	const [next] = await rows<{ id: number }>(
		db,
		sql`with ${dayBounds(userId, now)}
		select c.id from ${dueCards(userId)} and c.due < (select tomorrow from bounds)
			and (select n from done) < ${DAILY_CAP}
		order by c.due, c.id limit 1`
	);
	if (!next) return undefined;
	await rows(
		db,
		sql`insert into review_item (id, user_id, card_id, seed, secret, created_at)
		values (${newId()}, ${userId}, ${next.id}, ${newSeed()}, ${newAttemptSecret()}, ${now.toISOString()}::timestamptz)
		on conflict do nothing`
	);
	return openItemOf(db, userId);
}

export async function retireCard(db: Db, cardId: number, now: Date) {
	await db
		.update(reviewCard)
		.set({ retiredAt: now })
		.where(and(eq(reviewCard.id, cardId), isNull(reviewCard.retiredAt)));
}

export async function findItem(db: Db, itemId: string, userId: string) {
	const [found] = await db
		.select({ item: reviewItem, card: reviewCard, log: reviewLog })
		.from(reviewItem)
		.innerJoin(reviewCard, eq(reviewCard.id, reviewItem.cardId))
		.leftJoin(reviewLog, eq(reviewLog.id, reviewItem.logId))
		.where(and(eq(reviewItem.id, itemId), eq(reviewItem.userId, userId)));
	return found;
}

export interface ReviewAnswer {
	itemId: string;
	userId: string;
	response: Response;
	correct: boolean;
	unsure: boolean;
	now: Date;
}

/**
 * Records an answer: closes the item (only if still open — a double click or a parallel submission
 * finds it closed and records nothing), reschedules the card with FSRS and appends the log entry,
 * all in one transaction. Returns false when the item had been answered already.
 */
export async function answerItem(db: Db, a: ReviewAnswer): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [closed] = await tx
			.update(reviewItem)
			.set({ answeredAt: a.now })
			.where(
				and(
					eq(reviewItem.id, a.itemId),
					eq(reviewItem.userId, a.userId),
					isNull(reviewItem.answeredAt)
				)
			)
			.returning({ cardId: reviewItem.cardId });
		if (!closed) return false;
		const [card] = await tx
			.select()
			.from(reviewCard)
			.where(eq(reviewCard.id, closed.cardId))
			.for('update');
		const rating = ratingOf(a.correct, a.unsure);
		const next = schedule(card, a.now, rating);
		await tx.update(reviewCard).set(next.card).where(eq(reviewCard.id, card.id));
		const [log] = await tx
			.insert(reviewLog)
			.values({
				cardId: card.id,
				userId: card.userId,
				lesson: card.lesson,
				questionId: card.questionId,
				correct: a.correct,
				unsure: a.unsure,
				response: a.response,
				answeredAt: a.now,
				nextDue: next.card.due,
				...next.log
			})
			.returning({ id: reviewLog.id });
		await tx.update(reviewItem).set({ logId: log.id }).where(eq(reviewItem.id, a.itemId));
		return true;
	});
}
