import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { teaches } from '../classes';
import {
	attemptAnswer,
	certificate,
	classroom,
	enrollment,
	lessonProgress,
	quizAttempt,
	user,
	type Locale
} from '../db/schema';
import { reviewQuestion, type ReviewedQuestion } from '../quiz/present';

export const EXPORT_FORMAT = 'lernpfad-personal-data/1';

export interface ExportOptions {
	/** The language of question and answer texts (the learner's, else the request's). */
	locale: Locale;
	/** Lesson slug → title in that language (from the course), so the file reads without the app. */
	lessonTitles?: ReadonlyMap<string, string>;
	/** The public origin, for the certificate's verification link. */
	origin: string;
	now?: Date;
}

/** A question as the learner answered it: texts, never option ids, HMAC values or the attempt secret. */
type ExportedQuestion = Omit<ReviewedQuestion, 'id' | 'section' | 'type'> & { type: string };

/**
 * Everything Lernpfad keeps about one person (GDPR Art. 15 and 20), as one JSON-ready object: profile,
 * progress, attempts with their answers in words, certificate, classes. Nothing that would let someone
 * act as them (password hash, session ids, attempt secrets) and nothing about other people beyond the
 * names they see in the app anyway (their instructor's name). Keys and explanations only for lessons
 * the learner has passed, exactly as the result page shows them.
 */
export async function exportPersonalData(db: Db, userId: string, o: ExportOptions) {
	const [profile] = await db
		.select({
			email: user.email,
			name: user.name,
			role: user.role,
			language: user.locale,
			createdAt: user.createdAt
		})
		.from(user)
		.where(eq(user.id, userId));
	if (!profile) return undefined;
	const title = (lesson: string) => o.lessonTitles?.get(lesson) ?? lesson;

	const progress = await db
		.select()
		.from(lessonProgress)
		.where(eq(lessonProgress.userId, userId))
		.orderBy(asc(lessonProgress.firstOpenedAt));
	const passed = new Set(progress.filter((p) => p.passedAt).map((p) => p.lesson));

	const attempts = await db
		.select()
		.from(quizAttempt)
		.where(eq(quizAttempt.userId, userId))
		.orderBy(asc(quizAttempt.createdAt));
	const answers = attempts.length
		? await db
				.select()
				.from(attemptAnswer)
				.where(
					inArray(
						attemptAnswer.attemptId,
						attempts.map((a) => a.id)
					)
				)
		: [];

	const [cert] = await db.select().from(certificate).where(eq(certificate.userId, userId));

	const memberships = await db
		.select({
			name: classroom.name,
			instructor: user.name,
			joinedAt: enrollment.joinedAt,
			archivedAt: classroom.archivedAt
		})
		.from(enrollment)
		.innerJoin(classroom, eq(classroom.id, enrollment.classId))
		.innerJoin(user, eq(user.id, classroom.instructorId))
		.where(eq(enrollment.userId, userId))
		.orderBy(asc(enrollment.joinedAt));
	const taught = await db
		.select({
			name: classroom.name,
			createdAt: classroom.createdAt,
			archivedAt: classroom.archivedAt,
			learners: sql<number>`(select count(*)::int from ${enrollment} where ${enrollment.classId} = ${classroom.id})`
		})
		.from(classroom)
		.where(teaches(userId))
		.orderBy(asc(classroom.createdAt));

	return {
		format: EXPORT_FORMAT,
		exportedAt: (o.now ?? new Date()).toISOString(),
		profile: { ...profile, createdAt: profile.createdAt.toISOString() },
		progress: progress.map((p) => ({
			lesson: p.lesson,
			title: title(p.lesson),
			firstOpenedAt: p.firstOpenedAt.toISOString(),
			lastOpenedAt: p.lastOpenedAt.toISOString(),
			bestPercent: p.bestPercent,
			attempts: p.attempts,
			passedAt: p.passedAt?.toISOString() ?? null
		})),
		attempts: attempts.map((a) => ({
			lesson: a.lesson,
			title: title(a.lesson),
			startedAt: a.createdAt.toISOString(),
			submittedAt: a.submittedAt?.toISOString() ?? null,
			score: a.score,
			maxScore: a.maxScore,
			percent: a.percent,
			passed: a.passed,
			questions: a.questionIds
				.map((id) => answers.find((x) => x.attemptId === a.id && x.questionId === id))
				.filter((x) => x !== undefined)
				.map((x): ExportedQuestion => {
					// eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped on purpose: internal
					const { id, section, ...shown } = reviewQuestion(x, o.locale, passed.has(a.lesson));
					return shown;
				})
		})),
		certificate: cert
			? {
					code: cert.code,
					url: `${o.origin}/certificates/${cert.code}`,
					nameOnCertificate: cert.nameOnCertificate,
					language: cert.locale,
					issuedAt: cert.issuedAt.toISOString(),
					percent: cert.percent,
					revokedAt: cert.revokedAt?.toISOString() ?? null,
					revokedReason: cert.revokedReason
				}
			: null,
		classes: memberships.map((c) => ({
			name: c.name,
			instructor: c.instructor,
			joinedAt: c.joinedAt.toISOString(),
			archivedAt: c.archivedAt?.toISOString() ?? null
		})),
		classesTaught: taught.map((c) => ({
			name: c.name,
			createdAt: c.createdAt.toISOString(),
			archivedAt: c.archivedAt?.toISOString() ?? null,
			learners: Number(c.learners)
		}))
	};
}

export type PersonalData = NonNullable<Awaited<ReturnType<typeof exportPersonalData>>>;

/** `lernpfad-data-2026-11-27.json`: no name or e-mail in the file name (it lands in download folders). */
export function exportFileName(now = new Date()) {
	return `lernpfad-data-${now.toISOString().slice(0, 10)}.json`;
}
