/** Bench data made straight in the database: learners with sessions, open attempts, answer forms. */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { parse } from 'yaml';
import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { generateSessionToken, sessionIdFromToken } from '../../src/lib/server/auth/session';
import { AnswerCodec } from '../../src/lib/server/quiz/tokens';
import { newId } from '../../src/lib/server/users';

interface QuizQuestion {
	id: string;
	type: string;
	answer?: unknown;
	options?: { id: string; correct?: boolean }[];
	items?: { id: string }[];
	pairs?: { id: string }[];
}

export interface BenchLesson {
	slug: string;
	version: string;
	draw: number;
	questions: QuizQuestion[];
}

/** The quizzes as the app reads them; `version` is computed the way content/load.ts does. */
export const benchLessons: BenchLesson[] = readdirSync('content/lessons')
	.sort()
	.map((folder) => {
		const raw = readFileSync(`content/lessons/${folder}/quiz.yaml`, 'utf8');
		const quiz = parse(raw);
		return {
			slug: folder.replace(/^\d{2}-/, ''),
			version: createHash('sha256').update(raw).digest('hex').slice(0, 16),
			draw: Math.min(quiz.draw ?? quiz.questions.length, quiz.questions.length),
			questions: quiz.questions
		};
	});

/** The bench's connection as the app's `Db`, for the app's own functions. */
/**
 * The app's functions on the bench database, through a client of their own: drizzle changes the
 * JSON serializers of the client it is given, which broke `sql.json` in the class seed afterwards.
 * Idle connections close after a second, so the bench process can exit.
 */
export function benchDb(sql: postgres.Sql): Db {
	const o = sql.options;
	const own = postgres({
		...{
			host: o.host[0],
			port: o.port[0],
			database: o.database,
			user: o.user,
			pass: o.pass ?? undefined
		},
		...{ max: 4, idle_timeout: 1, onnotice: () => {} }
	});
	return drizzle(own, { schema });
}

export interface Learner {
	id: string;
	cookie: string;
}

/** `count` learners, each signed in (a session made the way the login does). */
export async function makeLearners(sql: postgres.Sql, prefix: string, count: number) {
	const learners = Array.from({ length: count }, () => ({
		id: newId(),
		token: generateSessionToken()
	}));
	const ids = learners.map((l) => l.id);
	await sql`insert into "user" (id, email, name, password_hash, role)
		select id, ${prefix} || ord || '@bench.example', 'Bench ' || ${prefix} || ord, 'x', 'learner'
		from unnest(${ids}::text[]) with ordinality as t(id, ord)`;
	await sql`insert into session (id, user_id, expires_at)
		select sid, uid, now() + interval '30 days'
		from unnest(${learners.map((l) => sessionIdFromToken(l.token))}::text[], ${ids}::text[]) as t(sid, uid)`;
	return learners.map((l) => ({ id: l.id, cookie: `lernpfad_session=${l.token}` }));
}

export interface OpenAttempt {
	id: string;
	lesson: string;
	secret: string;
	questionIds: string[];
}

/** One open attempt per learner and lesson, drawn like the app draws (ids, seed, secret). */
export async function openAttempts(sql: postgres.Sql, learners: Learner[], lessons: BenchLesson[]) {
	const rows = learners.flatMap((learner) =>
		lessons.map((lesson) => {
			const pool = lesson.questions.map((q) => q.id).sort(() => Math.random() - 0.5);
			return {
				id: newId(),
				user_id: learner.id,
				lesson: lesson.slug,
				quiz_version: lesson.version,
				seed: Math.floor(Math.random() * 2 ** 31),
				secret: randomBytes(16).toString('base64url'),
				question_ids: JSON.stringify(pool.slice(0, lesson.draw))
			};
		})
	);
	for (let i = 0; i < rows.length; i += 2000) {
		const chunk = rows.slice(i, i + 2000);
		await sql`insert into quiz_attempt (id, user_id, lesson, quiz_version, seed, secret, question_ids)
			select id, uid, lesson, version, seed, secret, qids::jsonb
			from unnest(${chunk.map((r) => r.id)}::text[], ${chunk.map((r) => r.user_id)}::text[],
				${chunk.map((r) => r.lesson)}::text[], ${chunk.map((r) => r.quiz_version)}::text[],
				${chunk.map((r) => r.seed)}::int[], ${chunk.map((r) => r.secret)}::text[],
				${chunk.map((r) => r.question_ids)}::text[]) as t(id, uid, lesson, version, seed, secret, qids)`;
	}
	return rows.map((r) => ({
		id: r.id,
		lesson: r.lesson,
		secret: r.secret,
		questionIds: JSON.parse(r.question_ids) as string[],
		cookie: learners.find((l) => l.id === r.user_id)!.cookie
	}));
}

/** The form a learner who knows every answer sends (field names and values as the page has them). */
export function answerForm(attempt: OpenAttempt) {
	const lesson = benchLessons.find((l) => l.slug === attempt.lesson)!;
	const codec = new AnswerCodec(attempt.secret);
	const form = new URLSearchParams({ attempt: attempt.id });
	for (const id of attempt.questionIds) {
		appendAnswer(
			form,
			lesson.questions.find((x) => x.id === id)!,
			codec
		);
	}
	return form.toString();
}

/** The right answer to one question, under the opaque values of its attempt (or review item). */
export function appendAnswer(form: URLSearchParams, q: QuizQuestion, codec: AnswerCodec) {
	const name = `q.${q.id}`;
	switch (q.type) {
		case 'single':
		case 'multiple':
			for (const o of q.options!.filter((o) => o.correct)) {
				form.append(name, codec.encode(q.id, 'option', o.id));
			}
			break;
		case 'truefalse':
		case 'number':
			form.append(name, String(q.answer));
			break;
		case 'order':
			q.items!.forEach((item, i) =>
				form.append(`${name}.${codec.encode(q.id, 'item', item.id)}`, String(i + 1))
			);
			break;
		case 'match':
			for (const pair of q.pairs!) {
				form.append(
					`${name}.${codec.encode(q.id, 'left', pair.id)}`,
					codec.encode(q.id, 'right', pair.id)
				);
			}
			break;
	}
}
