import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rows } from '../db/rows';
import {
	lessonProgress,
	ltiContext,
	ltiPlatform,
	ltiScoreOutbox,
	user,
	type LtiScoreOutboxRow
} from '../db/schema';
import { listLineItems, postScore, type Score } from './ags';
import { LtiServiceError, SCOPES, type ServiceOptions } from './token';

/** The resource id of the course's line item (a lesson's is its slug). */
export const COURSE_RESOURCE = 'course';

function envNumber(name: string, fallback: number) {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const scoreSettings = () => ({
	/** First retry after this, doubling each time (30 s, 1 min, … capped at 6 h). */
	retrySeconds: envNumber('LTI_SCORE_RETRY_SECONDS', 30),
	/** 10 attempts span about 4 hours of outage before a score is given up. */
	maxAttempts: envNumber('LTI_SCORE_MAX_ATTEMPTS', 10),
	leaseSeconds: 120,
	pollMs: envNumber('LTI_SCORE_POLL_MS', 5_000),
	batch: 20
});

export const backoffSeconds = (attempts: number, base: number) =>
	Math.min(base * 2 ** Math.max(0, attempts - 1), 6 * 3600);

interface LinkedContext {
	context_id: string;
	platform_id: string;
	sub: string;
	lineitems_url: string | null;
	lineitems: string[] | null;
	course_lineitems: string[] | null;
}

/** The course score once every lesson is passed: the mean best percent, as on the certificate. */
async function coursePercent(tx: Db, userId: string, lessons: readonly string[]) {
	if (lessons.length === 0) return null;
	const [row] = await tx
		.select({
			passed: sql<number>`count(*)::int`,
			percent: sql<number>`coalesce(floor(avg(${lessonProgress.bestPercent})), 0)::int`
		})
		.from(lessonProgress)
		.where(
			and(
				eq(lessonProgress.userId, userId),
				inArray(lessonProgress.lesson, [...lessons]),
				isNotNull(lessonProgress.passedAt)
			)
		);
	return row.passed === lessons.length ? Number(row.percent) : null;
}

/**
 * Queues the learner's scores for this lesson (and, once every lesson is passed, for the course) to
 * every LMS course they take this course in. Call in the submission's transaction, after the
 * attempt is counted in `lesson_progress`: both or neither. The score is the learner's best percent
 * (what the certificate uses), so a later, worse attempt never lowers the LMS grade. Returns the
 * number of rows queued — 0 for a learner without an LTI link, after one indexed query.
 */
export async function enqueueScores(
	tx: Db,
	userId: string,
	lesson: string,
	courseLessons: readonly string[] = [],
	now = new Date()
): Promise<number> {
	// The contexts whose class the learner is enrolled in, the platform granting the score scope;
	// with the line items of the resource links that point at this lesson and at the course.
	const contexts = await rows<LinkedContext>(
		tx,
		sql`select c.id as context_id, c.platform_id, u.sub, c.lineitems_url,
				array(select distinct l.lineitem_url from lti_resource_link l where l.context_id = c.id
					and l.target = ${lesson} and l.lineitem_url is not null) as lineitems,
				array(select distinct l.lineitem_url from lti_resource_link l where l.context_id = c.id
					and l.target = ${COURSE_RESOURCE} and l.lineitem_url is not null) as course_lineitems
			from lti_user u
			join lti_context c on c.platform_id = u.platform_id
			join enrollment e on e.class_id = c.class_id and e.user_id = u.user_id
			where u.user_id = ${userId} and ${SCOPES.score} = any(c.ags_scopes)`
	);
	if (contexts.length === 0) return 0;

	const [progress] = await tx
		.select({ percent: lessonProgress.bestPercent, passedAt: lessonProgress.passedAt })
		.from(lessonProgress)
		.where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lesson, lesson)));
	if (progress?.percent == null) return 0;
	const course = await coursePercent(tx, userId, courseLessons);
	const timestamp = now.toISOString();
	const score = (sub: string, percent: number, done: boolean): Score => ({
		userId: sub,
		scoreGiven: percent,
		scoreMaximum: 100,
		activityProgress: done ? 'Completed' : 'Submitted',
		gradingProgress: 'FullyGraded',
		timestamp
	});

	const queued: (typeof ltiScoreOutbox.$inferInsert)[] = [];
	for (const c of contexts) {
		const targets: [string, string[], Score][] = [
			[lesson, c.lineitems ?? [], score(c.sub, progress.percent, progress.passedAt != null)]
		];
		if (course != null)
			targets.push([COURSE_RESOURCE, c.course_lineitems ?? [], score(c.sub, course, true)]);
		for (const [resourceId, lineitems, payload] of targets) {
			// Without a resource link that names its line item, the worker looks one up by resourceId.
			const urls: (string | null)[] = lineitems.length ? lineitems : c.lineitems_url ? [null] : [];
			for (const lineitemUrl of urls)
				queued.push({
					platformId: c.platform_id,
					contextId: c.context_id,
					resourceId,
					lineitemUrl,
					userId,
					payload
				});
		}
	}
	if (queued.length === 0) return 0;
	// Best percents only grow: a score still waiting is superseded by this newer one.
	await tx
		.update(ltiScoreOutbox)
		.set({ sentAt: now, lastError: 'superseded' })
		.where(
			and(
				eq(ltiScoreOutbox.userId, userId),
				inArray(ltiScoreOutbox.resourceId, [...new Set(queued.map((q) => q.resourceId!))]),
				isNull(ltiScoreOutbox.sentAt),
				isNull(ltiScoreOutbox.givenUpAt)
			)
		);
	await tx.insert(ltiScoreOutbox).values(queued);
	return queued.length;
}

/**
 * Claims due rows `FOR UPDATE SKIP LOCKED` (parallel workers get different rows) and moves their
 * `next_attempt_at` a lease ahead in the same statement, committed before any HTTP traffic: a worker
 * that dies mid-post frees its rows when the lease runs out.
 */
export async function claimDueScores(db: Db, batch: number, leaseSeconds: number) {
	const due = db
		.select({ id: ltiScoreOutbox.id })
		.from(ltiScoreOutbox)
		.where(
			and(
				isNull(ltiScoreOutbox.sentAt),
				isNull(ltiScoreOutbox.givenUpAt),
				lte(ltiScoreOutbox.nextAttemptAt, sql`now()`)
			)
		)
		.orderBy(asc(ltiScoreOutbox.id))
		.limit(batch)
		.for('update', { skipLocked: true });
	return db
		.update(ltiScoreOutbox)
		.set({
			attempts: sql`${ltiScoreOutbox.attempts} + 1`,
			nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})`
		})
		.where(inArray(ltiScoreOutbox.id, due))
		.returning();
}

type Outcome =
	| { sent: true; status: number; lineitemUrl?: string; note?: string }
	| { sent: false; error: unknown };

async function deliver(db: Db, row: LtiScoreOutboxRow, options: ServiceOptions): Promise<Outcome> {
	try {
		const [platform] = await db
			.select()
			.from(ltiPlatform)
			.where(eq(ltiPlatform.id, row.platformId));
		if (!platform) throw new LtiServiceError('platform registration removed', 410);
		let lineitemUrl = row.lineitemUrl;
		if (!lineitemUrl) {
			const [context] = await db
				.select({ lineitemsUrl: ltiContext.lineitemsUrl })
				.from(ltiContext)
				.where(eq(ltiContext.id, row.contextId));
			const items = context?.lineitemsUrl
				? await listLineItems(
						db,
						platform,
						context.lineitemsUrl,
						{ resourceId: row.resourceId },
						options
					)
				: [];
			lineitemUrl = items.find((i) => i.id)?.id ?? null;
			// The teacher linked no activity to this lesson: there is no grade column to fill.
			if (!lineitemUrl) return { sent: true, status: 0, note: 'no line item' };
		}
		const status = await postScore(db, platform, lineitemUrl, row.payload as Score, options);
		return { sent: true, status, lineitemUrl };
	} catch (error) {
		return { sent: false, error };
	}
}

async function record(db: Db, row: LtiScoreOutboxRow, outcome: Outcome) {
	if (outcome.sent) {
		await db
			.update(ltiScoreOutbox)
			.set({
				sentAt: sql`now()`,
				lastStatus: outcome.status || null,
				lastError: outcome.note ?? null,
				lineitemUrl: outcome.lineitemUrl ?? row.lineitemUrl
			})
			.where(eq(ltiScoreOutbox.id, row.id));
		return;
	}
	const settings = scoreSettings();
	const error = outcome.error;
	const status = error instanceof LtiServiceError ? error.status : 0;
	const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
	// A 4xx (learner not enrolled, test student, line item deleted) is the platform's final word.
	const giveUp =
		(error instanceof LtiServiceError && error.permanent) || row.attempts >= settings.maxAttempts;
	const wait = backoffSeconds(row.attempts, settings.retrySeconds);
	await db
		.update(ltiScoreOutbox)
		.set({
			lastStatus: status || null,
			lastError: message,
			givenUpAt: giveUp ? sql`now()` : null,
			nextAttemptAt: sql`now() + make_interval(secs => ${wait})`
		})
		.where(eq(ltiScoreOutbox.id, row.id));
	console.error(
		`lti score ${row.id} (${row.resourceId}): attempt ${row.attempts} failed: ${message}` +
			(giveUp ? ' — giving up' : `; next try in ${wait} s`)
	);
}

/** One round: claim what is due and post it. Returns how many rows were claimed. */
export async function sendDueScores(db: Db, options: ServiceOptions = {}): Promise<number> {
	const settings = scoreSettings();
	const claimed = await claimDueScores(db, settings.batch, settings.leaseSeconds);
	for (const row of claimed) await record(db, row, await deliver(db, row, options));
	return claimed.length;
}

export interface ScoreProblem {
	id: number;
	learner: string;
	resourceId: string;
	attempts: number;
	lastStatus: number | null;
	lastError: string | null;
	givenUp: boolean;
	createdAt: Date;
}

/** Scores of a class's LMS courses not delivered (yet): given up, or waiting after a failure. */
export async function scoreProblems(db: Db, classId: string, limit = 50): Promise<ScoreProblem[]> {
	return db
		.select({
			id: ltiScoreOutbox.id,
			learner: user.name,
			resourceId: ltiScoreOutbox.resourceId,
			attempts: ltiScoreOutbox.attempts,
			lastStatus: ltiScoreOutbox.lastStatus,
			lastError: ltiScoreOutbox.lastError,
			givenUp: sql<boolean>`${ltiScoreOutbox.givenUpAt} is not null`,
			createdAt: ltiScoreOutbox.createdAt
		})
		.from(ltiScoreOutbox)
		.innerJoin(ltiContext, eq(ltiContext.id, ltiScoreOutbox.contextId))
		.innerJoin(user, eq(user.id, ltiScoreOutbox.userId))
		.where(
			and(
				eq(ltiContext.classId, classId),
				isNull(ltiScoreOutbox.sentAt),
				sql`(${ltiScoreOutbox.givenUpAt} is not null or ${ltiScoreOutbox.lastError} is not null)`
			)
		)
		.orderBy(desc(ltiScoreOutbox.id))
		.limit(limit);
}
