import { and, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from './index';
import { lessonProgress, quizAttempt, session, user } from './schema';

/** Rows of the learner and lesson given as `userId` and `lesson`, and whatever else `also` asks. */
function ofLearnerLesson(table: typeof lessonProgress | typeof quizAttempt, ...also: SQL[]) {
	return and(
		eq(table.userId, sql.placeholder('userId')),
		eq(table.lesson, sql.placeholder('lesson')),
		...also
	);
}

/** The columns of the signed-in user that every request carries in `locals.user`. */
const sessionUser = {
	id: user.id,
	email: user.email,
	name: user.name,
	role: user.role,
	locale: user.locale,
	emailVerifiedAt: user.emailVerifiedAt
};

/** A submitted attempt as `[submitted at in ms, passed, question ids]`, newest first. */
export type HistoryTuple = [number, boolean | null, string[] | string];

/**
 * The reads every signed-in page view makes (session, lesson progress, open attempt), and the writes
 * of a learner's first view of a lesson (a class opening a quiz at once), built once per database
 * instead of per request: drizzle's query building was ~9 % of the signed-in lesson page's CPU
 * (tests/bench/profile.ts). postgres.js already prepares statements on the server; this saves the
 * JavaScript side. Keyed by the database object, so PGlite test databases get their own.
 */
function build(db: Db) {
	return {
		sessionById: db
			.select({ session, user: sessionUser })
			.from(session)
			.innerJoin(user, eq(session.userId, user.id))
			.where(and(eq(session.id, sql.placeholder('id')), isNull(user.disabledAt)))
			.limit(1)
			.prepare('session_by_id'),
		/**
		 * A signed-in lesson view's reads in one round trip: the session and its user (as
		 * `sessionById`), and only through them the learner's progress in the lesson, the open attempt
		 * and — only when there is no open attempt of the current quiz version, i.e. when a new draw
		 * may be needed — the submitted attempts the retake rule and the draw look at (`limit`, newest
		 * first). A token that finds no session (or a disabled user) finds nothing else either.
		 */
		sessionLesson: db
			.select({
				session,
				user: sessionUser,
				progress: lessonProgress,
				open: quizAttempt,
				history: sql<HistoryTuple[] | string | null>`(
					select coalesce(json_agg(json_build_array(
						floor(extract(epoch from h.submitted_at) * 1000), h.passed, h.question_ids)
						order by h.submitted_at desc), '[]'::json)
					from (select submitted_at, passed, question_ids from quiz_attempt h
						where h.user_id = ${session.userId} and h.lesson = ${sql.placeholder('lesson')}
							and h.submitted_at is not null
							and ${quizAttempt.quizVersion} is distinct from ${sql.placeholder('version')}
						order by h.submitted_at desc limit ${sql.placeholder('limit')}) h)`
			})
			.from(session)
			.innerJoin(user, eq(session.userId, user.id))
			.leftJoin(
				lessonProgress,
				and(
					eq(lessonProgress.userId, session.userId),
					eq(lessonProgress.lesson, sql.placeholder('lesson'))
				)
			)
			.leftJoin(
				quizAttempt,
				and(
					eq(quizAttempt.userId, session.userId),
					eq(quizAttempt.lesson, sql.placeholder('lesson')),
					isNull(quizAttempt.submittedAt)
				)
			)
			.where(and(eq(session.id, sql.placeholder('id')), isNull(user.disabledAt)))
			.limit(1)
			.prepare('session_lesson'),
		lessonProgress: db
			.select()
			.from(lessonProgress)
			.where(ofLearnerLesson(lessonProgress))
			.prepare('lesson_progress'),
		openAttempt: db
			.select()
			.from(quizAttempt)
			.where(ofLearnerLesson(quizAttempt, isNull(quizAttempt.submittedAt)))
			.limit(1)
			.prepare('open_attempt'),
		recordOpen: db
			.insert(lessonProgress)
			.values({
				userId: sql.placeholder('userId'),
				lesson: sql.placeholder('lesson'),
				firstOpenedAt: sql.placeholder('now'),
				lastOpenedAt: sql.placeholder('now')
			})
			.onConflictDoUpdate({
				target: [lessonProgress.userId, lessonProgress.lesson],
				set: { lastOpenedAt: sql`excluded.last_opened_at` }
			})
			.returning()
			.prepare('record_open'),
		attemptHistory: db
			.select({
				submittedAt: quizAttempt.submittedAt,
				passed: quizAttempt.passed,
				questionIds: quizAttempt.questionIds
			})
			.from(quizAttempt)
			.where(ofLearnerLesson(quizAttempt, isNotNull(quizAttempt.submittedAt)))
			.orderBy(desc(quizAttempt.submittedAt))
			.limit(sql.placeholder('limit'))
			.prepare('attempt_history'),
		insertAttempt: db
			.insert(quizAttempt)
			.values({
				id: sql.placeholder('id'),
				userId: sql.placeholder('userId'),
				lesson: sql.placeholder('lesson'),
				quizVersion: sql.placeholder('quizVersion'),
				seed: sql.placeholder('seed'),
				secret: sql.placeholder('secret'),
				questionIds: sql.placeholder('questionIds')
			})
			.onConflictDoNothing()
			.returning()
			.prepare('insert_attempt')
	};
}

const cache = new WeakMap<Db, ReturnType<typeof build>>();

export function prepared(db: Db) {
	let statements = cache.get(db);
	if (!statements) cache.set(db, (statements = build(db)));
	return statements;
}
