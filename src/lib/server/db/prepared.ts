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
			.select({
				session,
				user: {
					id: user.id,
					email: user.email,
					name: user.name,
					role: user.role,
					locale: user.locale,
					emailVerifiedAt: user.emailVerifiedAt
				}
			})
			.from(session)
			.innerJoin(user, eq(session.userId, user.id))
			.where(and(eq(session.id, sql.placeholder('id')), isNull(user.disabledAt)))
			.limit(1)
			.prepare('session_by_id'),
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
