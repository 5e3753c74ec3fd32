import { eq, isNull, and } from 'drizzle-orm';
import type { Db } from '../db';
import { getCourse } from '../content';
import { reviewSettings, type ReviewCard, type Locale } from '../db/schema';
import { gradeAnswer, parseAnswers, type ParsedAnswers } from '../quiz/grade';
import { presentQuestion, reviewQuestion } from '../quiz/present';
import { AnswerCodec } from '../quiz/tokens';
import type { Question } from '../quiz/types';
import { answerItem, findItem, nextItem, retireCard } from './cards';

/** The card's question as quiz.yaml has it now (a changed question keeps its card), if still there. */
export function questionOfCard(card: Pick<ReviewCard, 'lesson' | 'questionId'>) {
	const lesson = getCourse().bySlug.get(card.lesson);
	const question = lesson?.quiz.questions.find((q) => q.id === card.questionId);
	return lesson && question ? { lesson, question } : undefined;
}

const lessonInfo = (
	lesson: { slug: string; number: number; text: Record<Locale, { title: string }> },
	locale: Locale
) => ({
	slug: lesson.slug,
	number: lesson.number,
	title: lesson.text[locale].title
});

/**
 * The next question to review, under the item's opaque values (as a quiz attempt shows its
 * questions), or undefined when nothing is due today.
 */
export async function reviewForLearner(db: Db, userId: string, locale: Locale, now: Date) {
	// A card whose question left the pool since the last sync is retired here and the next one taken.
	for (let tries = 0; tries < 5; tries++) {
		const open = await nextItem(db, userId, now);
		if (!open) return undefined;
		const found = questionOfCard(open.card);
		if (!found) {
			await retireCard(db, open.card.id, now);
			continue;
		}
		return {
			id: open.item.id,
			lesson: lessonInfo(found.lesson, locale),
			question: presentQuestion(found.question, open.item, locale)
		};
	}
	return undefined;
}

/** An answered item with its feedback; the lesson is passed (cards exist only then), so the key shows. */
export async function feedbackForLearner(db: Db, itemId: string, userId: string, locale: Locale) {
	const found = await findItem(db, itemId, userId);
	if (!found?.log) return undefined;
	const current = questionOfCard(found.card);
	if (!current) return undefined;
	const { log } = found;
	return {
		id: found.item.id,
		lesson: lessonInfo(current.lesson, locale),
		sectionTitle:
			current.lesson.text[locale].sections.find((s) => s.id === current.question.section)?.title ??
			null,
		unsure: log.unsure,
		nextDue: log.nextDue.toISOString(),
		question: reviewQuestion(
			{ question: current.question, response: log.response, correct: log.correct, points: 0 },
			locale,
			true
		)
	};
}

export type AnswerOutcome =
	| { kind: 'unknown' }
	| { kind: 'answered'; itemId: string }
	| { kind: 'problems'; question: Question; parsed: ParsedAnswers };

/** Grades a posted review answer exactly as the quiz grades a question, and records it once. */
export async function submitReview(
	db: Db,
	userId: string,
	form: FormData,
	now: Date
): Promise<AnswerOutcome> {
	const itemId = form.get('item');
	const found = typeof itemId === 'string' ? await findItem(db, itemId, userId) : undefined;
	if (!found) return { kind: 'unknown' };
	// Answered before (double click, replay, another tab): show that answer, record nothing.
	if (found.item.answeredAt) return { kind: 'answered', itemId: found.item.id };
	const current = questionOfCard(found.card);
	if (!current) {
		await retireCard(db, found.card.id, now);
		return { kind: 'unknown' };
	}
	const { question } = current;
	const parsed = parseAnswers([question], form, new AnswerCodec(found.item.secret));
	const response = parsed.responses[question.id];
	if (!response) return { kind: 'problems', question, parsed };
	await answerItem(db, {
		itemId: found.item.id,
		userId,
		response,
		correct: gradeAnswer(question, response).correct,
		unsure: form.get('unsure') === 'on',
		now
	});
	return { kind: 'answered', itemId: found.item.id };
}

/** The IANA zones a learner may choose (Node's ICU list; every one is known to PostgreSQL too). */
export const TIME_ZONES: readonly string[] = [
	...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])
].sort();
const zones = new Set(TIME_ZONES);
export const isTimeZone = (tz: string) => zones.has(tz);

/** The browser's zone, kept only while the learner has chosen none (settings win). */
export async function adoptBrowserTimeZone(db: Db, userId: string, tz: unknown) {
	if (typeof tz !== 'string' || !isTimeZone(tz)) return;
	await db
		.insert(reviewSettings)
		.values({ userId, timeZone: tz })
		.onConflictDoUpdate({
			target: reviewSettings.userId,
			set: { timeZone: tz },
			where: and(eq(reviewSettings.userId, userId), isNull(reviewSettings.timeZone))
		});
}
