/**
 * Spaced review for the bench: learners who passed a lesson three days ago, so every card of its
 * pool is due, each with the review item /review shows them open — made with the app's own
 * `createCards` (what a pass calls) and `nextItem` (what the page's load calls) — and the answers
 * the page posts.
 */
import type postgres from 'postgres';
import { AnswerCodec } from '../../src/lib/server/quiz/tokens';
import { createCards, nextItem } from '../../src/lib/server/review/cards';
import { appendAnswer, benchDb, benchLessons, makeLearners } from './learners';
import { cpuMs, load } from './load';

const DAY = 86_400_000;
/** The zone the page's hidden `tz` field carries (the browser's). */
const BROWSER_ZONE = 'Europe/Berlin';

export interface Reviewer {
	id: string;
	cookie: string;
	/** The form /review posts to `?/answer`: the item, the browser's zone, the right answer. */
	body: string;
}

/** `count` learners with due cards and an open item each; passes spread over the lessons. */
export async function makeReviewers(sql: postgres.Sql, prefix: string, count: number) {
	const db = benchDb(sql);
	const now = new Date();
	const passedAt = new Date(now.getTime() - 3 * DAY);
	const passed = passedAt.toISOString();
	const learners = await makeLearners(sql, prefix, count);
	const lessonOf = (i: number) => benchLessons[i % benchLessons.length];
	await sql`insert into lesson_progress (user_id, lesson, first_opened_at, last_opened_at, best_percent, attempts, passed_at)
		select uid, lesson, ${passed}::timestamptz, ${passed}::timestamptz, 100, 1, ${passed}::timestamptz
		from unnest(${learners.map((l) => l.id)}::text[], ${learners.map((_, i) => lessonOf(i).slug)}::text[]) as t(uid, lesson)`;
	const reviewers: Reviewer[] = [];
	// A few at a time: the bench's connection pool is small.
	for (let from = 0; from < count; from += 16) {
		const chunk = learners.slice(from, from + 16);
		reviewers.push(
			...(await Promise.all(
				chunk.map(async (learner, j) => {
					const lesson = lessonOf(from + j);
					const pool = lesson.questions.map((q) => q.id);
					await createCards(db, learner.id, lesson.slug, pool, passedAt);
					const open = (await nextItem(db, learner.id, now))!;
					const form = new URLSearchParams({ item: open.item.id, tz: BROWSER_ZONE });
					const question = lesson.questions.find((q) => q.id === open.card.questionId)!;
					appendAnswer(form, question, new AnswerCodec(open.item.secret));
					return { ...learner, body: form.toString() };
				})
			))
		);
	}
	return reviewers;
}

/**
 * `count` learners' answers posted as the page posts them, 8 at a time (autocannon: every body
 * differs), each to another learner's open item; with the review_log rows written (one per answer
 * recorded) and the app's CPU time per answer.
 */
export async function answerRow(
	sql: postgres.Sql,
	origin: string,
	count: number,
	seconds: number,
	appPid: number
) {
	const reviewers = await makeReviewers(sql, 'reviewer', count);
	let answered = 0;
	const cpu = cpuMs(appPid);
	const measured = await load({
		url: `${origin}/review`,
		connections: 8,
		seconds,
		expect: 303,
		next: () => {
			const r = reviewers[answered++ % reviewers.length];
			return {
				method: 'POST',
				path: '/review?/answer',
				body: r.body,
				headers: {
					cookie: r.cookie,
					origin,
					'content-type': 'application/x-www-form-urlencoded',
					'x-forwarded-for': '127.0.0.9',
					accept: 'text/html'
				}
			};
		}
	});
	const appCpu = (cpuMs(appPid) - cpu) / measured.requests;
	const [{ logged }] = await sql<{ logged: number }[]>`
		select count(*)::int as logged from review_log
		where user_id in ${sql(reviewers.map((r) => r.id))}`;
	return { ...measured, logged, cpuMs: appCpu, exhausted: answered > reviewers.length };
}
