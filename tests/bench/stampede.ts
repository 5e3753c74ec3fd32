/** The exam-start stampede: every learner opens one quiz within a second, then submits it. */
import type postgres from 'postgres';
import { answerForm, benchLessons, type Learner } from './learners';

const HTML = { accept: 'text/html' };

export function quantile(xs: number[], q: number) {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** `n` learners open the same quiz within a second, then submit within a second. */
export async function stampede(sql: postgres.Sql, origin: string, learners: Learner[]) {
	const spread = async (fn: (l: Learner) => Promise<number>) => {
		const times: number[] = [];
		let lost = 0;
		await Promise.all(
			learners.map(async (l) => {
				await new Promise((r) => setTimeout(r, Math.random() * 1000));
				const start = performance.now();
				const status = await fn(l).catch(() => 0);
				times.push(performance.now() - start);
				if (status !== 200 && status !== 303) lost++;
			})
		);
		return { p99: quantile(times, 0.99), lost };
	};
	const lesson = benchLessons[1].slug;
	const open = await spread(async (l) => {
		const r = await fetch(`${origin}/learn/${lesson}`, {
			headers: { cookie: l.cookie, 'x-forwarded-for': '127.0.0.9', ...HTML }
		});
		await r.arrayBuffer();
		return r.status;
	});
	const attempts = await sql<
		{ id: string; user_id: string; secret: string; question_ids: string[] }[]
	>`
		select id, user_id, secret, question_ids from quiz_attempt
		where lesson = ${lesson} and user_id in ${sql(learners.map((l) => l.id))} and submitted_at is null`;
	const byUser = new Map(attempts.map((a) => [a.user_id, a]));
	const submit = await spread(async (l) => {
		const a = byUser.get(l.id);
		if (!a) return 0;
		const r = await fetch(`${origin}/learn/${lesson}?/submit`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				cookie: l.cookie,
				origin,
				'content-type': 'application/x-www-form-urlencoded',
				'x-forwarded-for': '127.0.0.9',
				...HTML
			},
			body: answerForm({ id: a.id, lesson, secret: a.secret, questionIds: a.question_ids })
		});
		await r.arrayBuffer();
		return r.status;
	});
	const [counts] = await sql<{ attempts: number; submitted: number; most: number }[]>`
		select count(*)::int as attempts, count(submitted_at)::int as submitted,
			coalesce(max(n), 0)::int as most
		from quiz_attempt, lateral (select count(*) as n from quiz_attempt b
			where b.user_id = quiz_attempt.user_id and b.lesson = quiz_attempt.lesson) m
		where lesson = ${lesson} and user_id in ${sql(learners.map((l) => l.id))}`;
	return { open, submit, ...counts };
}
