/**
 * Benchmark: the instructor's class page and CSV export, for classes of 100 (baseline), 1,000 and 10,000
 * learners with realistic progress and attempts, against the built app (`node build`) on PostgreSQL.
 * Timings are compared as ratios to the baseline class measured in the same run (machines are noisy).
 *
 *   npm run build && npm run bench:class            (BENCH_DATABASE_URL defaults to the local server)
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { parse } from 'yaml';
import { openDatabase } from '../../src/lib/server/db';
import { createUser } from '../../src/lib/server/users';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { rebuildClassStats } from '../../src/lib/server/class-stats';
import type { Db } from '../../src/lib/server/db';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 4390);
const ORIGIN = `http://localhost:${PORT}`;
const SIZES = [100, 1_000, 10_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PASSWORD = 'Bench-Instructor-Passwort';

export const lessons = readdirSync('content/lessons')
	.sort()
	.map((folder) => {
		const quiz = parse(readFileSync(`content/lessons/${folder}/quiz.yaml`, 'utf8'));
		return {
			slug: folder.replace(/^\d{2}-/, ''),
			questions: quiz.questions.map((q: { id: string; type: string }) => ({
				id: q.id,
				type: q.type
			}))
		};
	});

const dbName = `lernpfad_bench_${Date.now().toString(36)}`;
const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
const url = new URL(SERVER);
url.pathname = `/${dbName}`;

/**
 * `size` learners `${prefix}1…` with their progress: learner g has opened lessons 1..(g % 10)
 * (0 = not started), passed all but the last opened one for odd g, tried each 1–3 times; activity
 * spread over the last 30 days.
 */
async function seedLearners(sql: postgres.Sql, prefix: string, label: string, size: number) {
	// A fixed hash (nobody signs in as them), spread-out sign-up dates.
	await sql`insert into "user" (id, email, name, password_hash, role, created_at)
		select ${prefix} || g, ${prefix} || g || '@bench.example', 'Learner ' || ${label} || '-' || g, 'x', 'learner',
			now() - (g % 60) * interval '1 day'
		from generate_series(1, ${size}) g`;
	for (const [j, lesson] of lessons.entries()) {
		await sql`insert into lesson_progress (user_id, lesson, first_opened_at, last_opened_at, best_percent, attempts, passed_at)
			select ${prefix} || g, ${lesson.slug}, now() - interval '40 days', now() - ((g * 7 + ${j}) % 30) * interval '1 day',
				case when g % 10 > ${j} + (g % 2) then 80 + (g % 3) * 10 else 20 + (g % 4) * 10 end,
				1 + (g + ${j}) % 3,
				case when g % 10 > ${j} + (g % 2) then now() - interval '2 days' end
			from generate_series(1, ${size}) g where g % 10 > ${j}`;
	}
}

/**
 * The rest of an installation: `count` learners with progress as above, in classes of `perClass`
 * taught by `instructorId`, none of them in a class that `seed` makes (bench:class-queries).
 */
export async function seedOthers(
	sql: postgres.Sql,
	instructorId: string,
	count: number,
	perClass = 100
) {
	await seedLearners(sql, 'other_', 'other', count);
	await sql`insert into class (id, name, instructor_id, join_code)
		select 'otherclass' || lpad(c::text, 14, '0'), 'Other ' || c, ${instructorId}, 'O' || lpad(c::text, 7, '0')
		from generate_series(0, ${Math.ceil(count / perClass) - 1}) c`;
	await sql`insert into enrollment (class_id, user_id, joined_at)
		select 'otherclass' || lpad(((g - 1) / ${perClass})::text, 14, '0'), 'other_' || g, now() - (g % 60) * interval '1 day'
		from generate_series(1, ${count}) g`;
}

/**
 * The bench class of `size` learners: 24 base32 letters as newId() makes them, or the route's param
 * matcher refuses the id.
 */
export const classIdOf = (size: number) =>
	`benchclass${[...String(size)].map((d) => 'abcdefghij'[Number(d)]).join('')}`.padEnd(24, 'z');

/** A class of `size` learners with realistic progress and attempts; returns its id. Also used by run.ts. */
export async function seed(sql: postgres.Sql, instructorId: string, size: number) {
	const classId = classIdOf(size);
	await sql`insert into class (id, name, instructor_id, join_code) values (${classId}, ${`Bench ${size}`}, ${instructorId}, ${`B${size}`.padEnd(8, 'X').slice(0, 8)})`;
	const prefix = `u${size}_`;
	await seedLearners(sql, prefix, String(size), size);
	await sql`insert into enrollment (class_id, user_id, joined_at)
		select ${classId}, ${prefix} || g, now() - (g % 60) * interval '1 day' from generate_series(1, ${size}) g`;
	// Each progress row's attempts, each attempt's answers.
	for (const [j, lesson] of lessons.entries()) {
		const n = lesson.questions.length;
		await sql`insert into quiz_attempt (id, user_id, lesson, quiz_version, seed, question_ids, created_at, submitted_at, score, max_score, percent, passed)
			select ${prefix} || g || '_' || ${j} || '_' || k, ${prefix} || g, ${lesson.slug}, 'bench', g * 31 + k, '[]'::jsonb,
				now() - interval '3 days' + k * interval '1 hour', now() - interval '3 days' + k * interval '1 hour',
				lp.best_percent / 20.0, 5, lp.best_percent, lp.best_percent >= 80
			from generate_series(1, ${size}) g
			join lesson_progress lp on lp.user_id = ${prefix} || g and lp.lesson = ${lesson.slug}
			cross join lateral generate_series(1, lp.attempts) k`;
		const questions = sql.json(lesson.questions);
		await sql`insert into attempt_answer (attempt_id, question_id, question, response, correct, points)
			select a.id, q.value->>'id', q.value,
				case q.value->>'type'
					when 'single' then jsonb_build_object('type', 'single', 'option', (array['a','b','c','d'])[1 + (a.seed + i) % 4])
					when 'multiple' then jsonb_build_object('type', 'multiple', 'options', jsonb_build_array('a', (array['b','c','d'])[1 + (a.seed + i) % 3]))
					when 'truefalse' then jsonb_build_object('type', 'truefalse', 'value', (a.seed + i) % 2 = 0)
					when 'number' then jsonb_build_object('type', 'number', 'value', (a.seed + i) % 50)
					else jsonb_build_object('type', q.value->>'type')
				end,
				(a.seed * 7 + i * 13) % 100 < a.percent, case when (a.seed * 7 + i * 13) % 100 < a.percent then 1 else 0 end
			from quiz_attempt a
			cross join lateral generate_series(0, 4) i
			cross join lateral (select value from jsonb_array_elements(${questions}::jsonb) with ordinality e(value, idx)
				where idx = 1 + (a.seed + i * 3) % ${n}) q
			where a.user_id like ${prefix + '%'} and a.lesson = ${lesson.slug}
			on conflict do nothing`;
	}
	// The answers were written straight to the tables: sum them up as the migration does.
	// (Through postgres.js directly: drizzle(sql) would change this client's JSON serializers.)
	const dialect = new PgDialect();
	const execute = (query: SQL) => {
		const q = dialect.sqlToQuery(query);
		return sql.unsafe(q.sql, q.params as never[]);
	};
	await rebuildClassStats({ execute } as unknown as Db, classId);
	return classId;
}

async function timeGet(path: string, cookie: string) {
	const start = performance.now();
	const response = await fetch(`${ORIGIN}${path}`, {
		headers: { cookie, 'x-forwarded-for': '127.0.0.9' }
	});
	const body = await response.arrayBuffer();
	const ms = performance.now() - start;
	if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
	return { ms, bytes: body.byteLength };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
	await admin.unsafe(`create database ${dbName}`);
	const server: { kill?: () => void } = {};
	try {
		const database = await openDatabase({ url: url.toString() });
		await database.migrate();
		const instructor = (await createUser(database.db, {
			email: 'bench-teacher@example.com',
			name: 'Bench Teacher',
			password: PASSWORD,
			role: 'instructor'
		}))!;
		await database.close();

		const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
		const classes: Record<number, string> = {};
		for (const size of SIZES) {
			const t = performance.now();
			classes[size] = await seed(sql, instructor.id, size);
			const [{ n }] =
				await sql`select count(*)::int as n from attempt_answer a join quiz_attempt q on q.id = a.attempt_id join enrollment e on e.user_id = q.user_id where e.class_id = ${classes[size]}`;
			console.log(
				`seeded class of ${size} learners: ${n} answers in ${((performance.now() - t) / 1000).toFixed(1)} s`
			);
		}
		await sql`analyze`;
		await sql.end();

		const child = spawn('node', ['build'], {
			env: {
				...process.env,
				DATABASE_URL: url.toString(),
				PORT: String(PORT),
				ORIGIN,
				ADDRESS_HEADER: 'x-forwarded-for'
			},
			stdio: ['ignore', 'ignore', 'inherit']
		});
		server.kill = () => child.kill('SIGTERM');
		for (let i = 0; i < 100; i++) {
			if (
				await fetch(`${ORIGIN}/healthz`).then(
					(r) => r.ok,
					() => false
				)
			)
				break;
			await sleep(100);
		}
		const login = await fetch(`${ORIGIN}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: ORIGIN,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				'x-forwarded-for': '127.0.0.9'
			},
			body: new URLSearchParams({ email: 'bench-teacher@example.com', password: PASSWORD })
		});
		const cookie = login.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		if (!cookie.includes('lernpfad_session')) throw new Error(`login failed: ${login.status}`);

		const results: {
			size: number;
			page: number;
			csv: number;
			pageKb: number;
			csvKb: number;
			first: number;
			spillMb: number;
		}[] = [];
		const stats = postgres(url.toString(), { max: 1, onnotice: () => {} });
		// Sorts and hashes that spill to disk write temporary files, counted per database.
		const tempMb = async () => {
			await sleep(600); // the statistics collector reports with a delay
			const [row] = await stats<{ bytes: number }[]>`
				select temp_bytes::float8 as bytes from pg_stat_database where datname = current_database()`;
			return row.bytes / 2 ** 20;
		};
		for (const size of SIZES) {
			const page = `/instructor/classes/${classes[size]}`;
			const csv = `${page}/export.csv`;
			const spillBefore = await tempMb();
			const first = (await timeGet(page, cookie)).ms; // first view, then warm
			await timeGet(csv, cookie);
			const pageRuns: number[] = [];
			const csvRuns: number[] = [];
			let pageBytes = 0;
			let csvBytes = 0;
			for (let i = 0; i < RUNS; i++) {
				const p = await timeGet(page, cookie);
				const c = await timeGet(csv, cookie);
				pageRuns.push(p.ms);
				csvRuns.push(c.ms);
				pageBytes = p.bytes;
				csvBytes = c.bytes;
			}
			results.push({
				size,
				first,
				spillMb: (await tempMb()) - spillBefore,
				page: median(pageRuns),
				csv: median(csvRuns),
				pageKb: pageBytes / 1024,
				csvKb: csvBytes / 1024
			});
		}
		const base = results[0];
		console.log(
			`\nclass page and CSV, median of ${RUNS} runs each (server time incl. HTTP on loopback)`
		);
		await stats.end();
		console.log(
			'learners  page ms  ×base  page KB   csv ms  ×base   csv KB  ms/learner (csv)  first view ms  spilled MB'
		);
		for (const r of results) {
			console.log(
				[
					String(r.size).padStart(8),
					r.page.toFixed(1).padStart(8),
					(r.page / base.page).toFixed(1).padStart(6),
					r.pageKb.toFixed(0).padStart(8),
					r.csv.toFixed(1).padStart(8),
					(r.csv / base.csv).toFixed(1).padStart(6),
					r.csvKb.toFixed(0).padStart(8),
					(r.csv / r.size).toFixed(3).padStart(18),
					r.first.toFixed(0).padStart(14),
					r.spillMb.toFixed(1).padStart(11)
				].join(' ')
			);
		}
		const growth = results.at(-1)!.csv / results[1].csv;
		console.log(
			`\n10,000 vs 1,000 learners: CSV ×${growth.toFixed(1)}, page ×${(results.at(-1)!.page / results[1].page).toFixed(1)} (linear would be ×10)`
		);
	} finally {
		server.kill?.();
		await sleep(300);
		await admin.unsafe(`drop database if exists ${dbName} with (force)`);
		await admin.end();
	}
}

// `npm run bench:class` runs this file; `npm run bench` (run.ts) imports `seed` from it.
if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
