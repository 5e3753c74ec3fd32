/**
 * `npm run bench:class-queries`: the class page's and the CSV's whole-class queries straight on
 * PostgreSQL (no HTTP), each in its variants, for classes of 1,000 and 10,000 learners, on a
 * database with those two classes alone and on one with BENCH_OTHERS (50,000) other learners
 * beside them, each with and without a covering index on lesson_progress. Rounds alternate the
 * variants (their order rotates every round) so a shared machine's swings hit all of them alike;
 * medians with min–max, and each variant's plan in short form from EXPLAIN (ANALYZE, BUFFERS).
 * Every variant must return the same rows as the others, or the run fails.
 *
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_OTHERS (50000),
 *   BENCH_ROUNDS (21), BENCH_KEEP=1 keeps the databases and prints their name, BENCH_REUSE=<name>
 *   measures kept ones again.
 */
import postgres from 'postgres';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { openDatabase, type Db } from '../../src/lib/server/db';
import {
	classLearnerIds,
	classLearners,
	learnerSummaries,
	lessonSummaries,
	readFor,
	type ProgressRead
} from '../../src/lib/server/reports';
import { classRetention } from '../../src/lib/server/review/retention';
import { classIdOf, lessons, seed, seedOthers } from './class-report';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OTHERS = Number(process.env.BENCH_OTHERS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
/** Key columns, not INCLUDE: the form drizzle-kit can declare; index-only scans work alike. */
const COVER = `create index lesson_progress_cover on lesson_progress
	(user_id, lesson, last_opened_at, passed_at, attempts, best_percent)`;

const dialect = new PgDialect();

/**
 * The SQL a report function sends, without running it: its first statement on a stand-in
 * database. The measured variants are the code's own two ways of reading a class.
 */
async function sent(call: (db: Db) => Promise<unknown>): Promise<SQL> {
	const seen: SQL[] = [];
	const db = {
		execute: async (query: SQL) => {
			seen.push(query);
			return [];
		}
	} as unknown as Db;
	await call(db);
	return seen[0];
}

type Variant = 'hash' | 'lateral';
const read: Record<Variant, ProgressRead> = { hash: 'joined', lateral: 'per-learner' };

/** The queries of the class page and the CSV that read the whole class, per variant. */
interface Query {
	name: string;
	/** Whose timings add up to the class page (run at once there) or the CSV; `main`: for reference. */
	part: 'page' | 'csv' | 'main';
	sql: Partial<Record<Variant, (classId: string, ids: Ids) => Promise<SQL>>>;
}
interface Ids {
	/** The learners a first page shows: 50 matrix rows and the 25 of the needs-help list. */
	page: string[];
	/** The CSV's first batch. */
	batch: string[];
}

const both = (
	call: (db: Db, classId: string, read: ProgressRead) => Promise<unknown>
): Query['sql'] => ({
	hash: (classId) => sent((db) => call(db, classId, read.hash)),
	lateral: (classId) => sent((db) => call(db, classId, read.lateral))
});

const queries: Query[] = [
	{ name: 'learnerSummaries', part: 'page', sql: both(learnerSummaries) },
	{ name: 'lessonSummaries', part: 'page', sql: both(lessonSummaries) },
	// The review half reads review_log, empty here.
	{ name: 'retention (lessons)', part: 'page', sql: both(classRetention) },
	{
		name: 'retention (lessons), as of main',
		part: 'main',
		sql: {
			// For each lesson, the class's learners who tried it, counted by a subquery of its own.
			hash: async (classId) => sql`with rev as (
				select l.lesson, count(*)::int as answers, (count(*) filter (where l.correct))::int as "right",
					count(distinct l.user_id)::int as learners
				from review_log l
				join enrollment e on e.user_id = l.user_id and e.class_id = ${classId}
				join lesson_progress p on p.user_id = l.user_id and p.lesson = l.lesson
				where l.answered_at >= p.passed_at + make_interval(days => 7)
				group by l.lesson
			), quiz as (
				select s.lesson, sum(s.shown)::int as answers, sum(s.correct)::int as "right",
					(select count(*)::int from lesson_progress p join enrollment e
						on e.user_id = p.user_id and e.class_id = ${classId}
						where p.lesson = s.lesson and p.attempts > 0) as learners
				from class_question_stat s where s.class_id = ${classId} group by s.lesson
			)
			select coalesce(rev.lesson, quiz.lesson) as lesson,
				coalesce(rev.answers, 0) as r_answers, coalesce(rev."right", 0) as r_right,
				coalesce(rev.learners, 0) as r_learners, coalesce(quiz.answers, 0) as q_answers,
				coalesce(quiz."right", 0) as q_right, coalesce(quiz.learners, 0) as q_learners
			from rev full join quiz on quiz.lesson = rev.lesson`
		}
	},
	{
		name: 'classLearners, 75 shown',
		part: 'page',
		sql: { lateral: (classId, ids) => sent((db) => classLearners(db, classId, { ids: ids.page })) }
	},
	{ name: 'classLearnerIds', part: 'csv', sql: both(classLearnerIds) },
	{
		name: 'classLearners, batch of 1,000',
		part: 'csv',
		sql: { lateral: (classId, ids) => sent((db) => classLearners(db, classId, { ids: ids.batch })) }
	}
];

interface Dataset {
	name: string;
	others: boolean;
	cover: boolean;
	client: postgres.Sql;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) =>
	xs.length
		? `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
		: '';

function run(client: postgres.Sql, query: SQL) {
	const q = dialect.sqlToQuery(query);
	// As the app runs it (drizzle's execute): an unnamed statement, planned with its parameters.
	return client.unsafe(q.sql, q.params as never[]);
}

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	'Heap Fetches'?: number;
	'Actual Loops'?: number;
	Strategy?: string;
	Plans?: PlanNode[];
}

/** A plan as `HashAgg(HashJoin(Seq lesson_progress, Hash(IdxScan enrollment_pkey)))`. */
function shortPlan(node: PlanNode): string {
	const type =
		(node.Strategy === 'Hashed' ? 'Hash' : node.Strategy === 'Sorted' ? 'Sort' : '') +
		node['Node Type']
			.replace('Aggregate', 'Agg')
			.replace('Nested Loop', 'NestLoop')
			.replace('Index Only Scan', 'IdxOnly')
			.replace('Bitmap Index Scan', 'BitmapIdx')
			.replace('Bitmap Heap Scan', 'BitmapHeap')
			.replace('Index Scan', 'Idx')
			.replace('Seq Scan', 'Seq')
			.replace('Subquery Scan', 'Subq')
			.replace(/ /g, '');
	const on = node['Index Name'] ?? node['Relation Name'];
	const loops = (node['Actual Loops'] ?? 1) > 1 ? `×${node['Actual Loops']}` : '';
	const fetches = node['Heap Fetches'] ? ` ${node['Heap Fetches']} heap fetches` : '';
	const label = `${type}${on ? ` ${on}` : ''}${loops}${fetches}`;
	const children = (node.Plans ?? []).filter((c) => c['Node Type'] !== 'Result' || c.Plans);
	return children.length ? `${label}(${children.map(shortPlan).join(', ')})` : label;
}

async function explain(client: postgres.Sql, query: SQL) {
	const q = dialect.sqlToQuery(query);
	const [row] = await client.unsafe(
		`explain (analyze, buffers, format json) ${q.sql}`,
		q.params as never[]
	);
	const [out] = row['QUERY PLAN'] as {
		Plan: PlanNode & { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
		'Execution Time': number;
		JIT?: unknown;
	}[];
	const buffers = out.Plan['Shared Hit Blocks'] + out.Plan['Shared Read Blocks'];
	return `${out['Execution Time'].toFixed(1)} ms, ${buffers} buffers${out.JIT ? ', JIT' : ''}: ${shortPlan(out.Plan)}`;
}

const canonical = (rows: Record<string, unknown>[]) =>
	rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();

async function prepare(admin: postgres.Sql, base: string) {
	const url = (name: string) => Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();
	await admin.unsafe(`create database ${base}`);
	const database = await openDatabase({ url: url(base) });
	await database.migrate();
	await database.close();
	const client = postgres(url(base), { max: 1, onnotice: () => {} });
	await client`insert into "user" (id, email, name, password_hash, role)
		values ('benchteacher', 'bench-teacher@example.com', 'Bench Teacher', 'x', 'instructor')`;
	for (const size of SIZES) {
		const t = performance.now();
		await seed(client, 'benchteacher', size);
		console.log(`seeded a class of ${size}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
	}
	await client.end();
	// The same two classes, once alone and once among the others.
	await admin.unsafe(`create database ${base}_o template ${base}`);
	const others = postgres(url(`${base}_o`), { max: 1, onnotice: () => {} });
	const t = performance.now();
	await seedOthers(others, 'benchteacher', OTHERS);
	console.log(`seeded ${OTHERS} other learners: ${((performance.now() - t) / 1000).toFixed(1)} s`);
	await others.end();
	for (const name of [base, `${base}_o`]) {
		await admin.unsafe(`create database ${name}_i template ${name}`);
		const c = postgres(url(`${name}_i`), { max: 1, onnotice: () => {} });
		await c.unsafe(COVER);
		await c.end();
	}
}

type Cell = { others: boolean; size: number; query: Query };

/** Each query's SQL per variant and class, built once before the rounds. */
const texts = new Map<string, SQL>();
const sqlOf = (query: Query, variant: Variant, size: number) =>
	texts.get(`${query.name}|${variant}|${size}`)!;
async function buildTexts(ids: Record<number, Ids>) {
	for (const query of queries) {
		for (const [variant, build] of Object.entries(query.sql)) {
			for (const size of SIZES) {
				texts.set(`${query.name}|${variant}|${size}`, await build(classIdOf(size), ids[size]));
			}
		}
	}
}
const LABELS = ['hash', 'lateral', 'hash+cover', 'lateral+cover'];
const keyOf = (others: boolean, size: number, query: string, label: string) =>
	`${others}|${size}|${query}|${label}`;
const othersOf = (others: boolean) => (others ? OTHERS.toLocaleString('en-US') : '0');

/** Each variant of a query on the databases of its cell: without and with the covering index. */
const variantsOf = (datasets: Dataset[], query: Query, others: boolean) =>
	datasets
		.filter((d) => d.others === others)
		.flatMap((d) =>
			(Object.keys(query.sql) as Variant[]).map((v) => ({
				dataset: d,
				variant: v,
				label: `${v}${d.cover ? '+cover' : ''}`
			}))
		);

/** Rounds over every cell; within a cell the variants run in an order that rotates each round. */
async function measure(datasets: Dataset[], cells: Cell[]) {
	const times = new Map<string, number[]>();
	for (let round = 0; round < ROUNDS; round++) {
		for (const { others, size, query } of cells) {
			const variants = variantsOf(datasets, query, others);
			for (let i = 0; i < variants.length; i++) {
				const { dataset, variant, label } = variants[(i + round) % variants.length];
				const start = performance.now();
				await run(dataset.client, sqlOf(query, variant, size));
				const key = keyOf(others, size, query.name, label);
				times.set(key, [...(times.get(key) ?? []), performance.now() - start]);
			}
		}
		process.stdout.write(`round ${round + 1}/${ROUNDS}\r`);
	}
	return times;
}

const header = (first: string, extra: string[] = []) => {
	const columns = [first, 'class', 'others', ...LABELS, ...extra];
	return `| ${columns.join(' | ')} |\n|${columns.map(() => ' --- |').join('')}`;
};

function perQuery(times: Map<string, number[]>, cells: Cell[]) {
	console.log(header('query'));
	for (const { others, size, query } of cells) {
		const cols = LABELS.map((l) => fmt(times.get(keyOf(others, size, query.name, l)) ?? []));
		console.log(
			`| ${query.name} | ${size.toLocaleString('en-US')} | ${othersOf(others)} | ${cols.join(' | ')} |`
		);
	}
}

/** A round's sum of queries, each in `label` (a query without a hash form counts its lateral one). */
function roundSums(
	times: Map<string, number[]>,
	others: boolean,
	size: number,
	label: string,
	of: Query[]
) {
	return Array.from({ length: ROUNDS }, (_, r) =>
		of.reduce((sum, q) => {
			const own = times.get(keyOf(others, size, q.name, label));
			const lateral = times.get(keyOf(others, size, q.name, label.replace('hash', 'lateral')));
			return sum + (own ?? lateral ?? [])[r];
		}, 0)
	);
}

/**
 * Per round, the sum of a part's queries; for the page also as of main (hash, the old retention)
 * when it was measured. `chosen`: what the code reads for each class size on each database.
 */
function sums(
	times: Map<string, number[]>,
	parts: ('page' | 'csv')[],
	chosen: (others: boolean, size: number) => ProgressRead
) {
	console.log(header('queries', ['code reads']));
	for (const part of parts) {
		for (const others of [false, true]) {
			for (const size of SIZES) {
				const of = queries.filter((q) => q.part === part);
				const cols = LABELS.map((l) => fmt(roundSums(times, others, size, l, of)));
				const row = `${size.toLocaleString('en-US')} | ${othersOf(others)}`;
				console.log(`| ${part} | ${row} | ${cols.join(' | ')} | ${chosen(others, size)} |`);
				const main = of.map((q) => queries.find((m) => m.name === `${q.name}, as of main`) ?? q);
				const measured = main
					.filter((q) => q.part === 'main')
					.every((q) => times.has(keyOf(others, size, q.name, 'hash')));
				if (part !== 'page' || !measured) continue;
				const old = ['hash', 'hash+cover'].map((l) => fmt(roundSums(times, others, size, l, main)));
				console.log(`| page as of main | ${row} | ${old[0]} | | ${old[1]} | | |`);
			}
		}
	}
}

/**
 * The covering index's price on the write path, server-side (one DO block per round, no round
 * trips): a first view's upsert (last opened) and a submission's (attempts, best, passed), each on
 * 2,000 distinct rows of other learners, alternating the databases without and with the index.
 */
async function writes(datasets: Dataset[], lesson: string) {
	const targets = datasets.filter((d) => d.others);
	const statements = {
		'first view': `insert into lesson_progress as p (user_id, lesson, first_opened_at, last_opened_at)
			values (u, '${lesson}', now(), now())
			on conflict (user_id, lesson) do update set last_opened_at = excluded.last_opened_at`,
		submission: `insert into lesson_progress as p (user_id, lesson, first_opened_at, last_opened_at,
				best_percent, attempts, passed_at)
			values (u, '${lesson}', now(), now(), 90, 1, now())
			on conflict (user_id, lesson) do update set attempts = p.attempts + 1,
				best_percent = greatest(coalesce(p.best_percent, 0), excluded.best_percent),
				passed_at = coalesce(p.passed_at, excluded.passed_at)`
	};
	const hot = async (d: Dataset) => {
		await d.client`select pg_stat_force_next_flush()`;
		await d.client`select 1`;
		const [row] = await d.client<{ upd: number; hot: number }[]>`
			select n_tup_upd::int as upd, n_tup_hot_upd::int as hot
			from pg_stat_user_tables where relname = 'lesson_progress'`;
		return row;
	};
	const before = await Promise.all(targets.map(hot));
	const micros = new Map<string, number[]>();
	const rounds = Math.min(ROUNDS, 10);
	let offset = 0;
	for (let round = 0; round < rounds; round++) {
		for (const [kind, statement] of Object.entries(statements)) {
			// Learners other_(10k + 9) have opened every lesson; 2,000 of them per round and kind.
			const block = `do $$ declare u text; begin
				for k in ${offset}..${offset + 1999} loop
					u := 'other_' || (10 * (k % ${Math.floor(OTHERS / 10)}) + 9);
					${statement};
				end loop; end $$`;
			offset += 2000;
			for (let i = 0; i < targets.length; i++) {
				const d = targets[(i + round) % targets.length];
				const start = performance.now();
				await d.client.unsafe(block);
				const key = `${kind}|${d.cover}`;
				micros.set(key, [...(micros.get(key) ?? []), ((performance.now() - start) * 1000) / 2000]);
			}
		}
	}
	const after = await Promise.all(targets.map(hot));
	console.log(`\nwrites: µs per upsert, median of ${rounds} alternating rounds of 2,000 (min–max)`);
	console.log('| upsert | without the index | with the covering index |\n| --- | --- | --- |');
	for (const kind of Object.keys(statements)) {
		console.log(
			`| ${kind} | ${fmt(micros.get(`${kind}|false`) ?? [])} | ${fmt(micros.get(`${kind}|true`) ?? [])} |`
		);
	}
	for (const [i, d] of targets.entries()) {
		const upd = after[i].upd - before[i].upd;
		const share = upd ? ((100 * (after[i].hot - before[i].hot)) / upd).toFixed(0) : '–';
		const [size] = await d.client<{ table: number; pk: number; cover: number | null }[]>`
			select pg_relation_size('lesson_progress') as table,
				pg_relation_size('lesson_progress_user_id_lesson_pk') as pk,
				pg_relation_size(to_regclass('lesson_progress_cover')) as cover`;
		const mb = (b: number | null) => (b === null ? '–' : `${(Number(b) / 2 ** 20).toFixed(1)} MB`);
		console.log(
			`${d.cover ? 'with' : 'without'} the index: ${share} % of ${upd} updates HOT; table ${mb(size.table)}, primary key ${mb(size.pk)}, covering index ${mb(size.cover)}`
		);
	}
}

async function main() {
	const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
	const base = process.env.BENCH_REUSE ?? `lernpfad_cq_${Date.now().toString(36)}`;
	const sets = [
		{ name: base, others: false, cover: false },
		{ name: `${base}_i`, others: false, cover: true },
		{ name: `${base}_o`, others: true, cover: false },
		{ name: `${base}_o_i`, others: true, cover: true }
	];
	const datasets: Dataset[] = [];
	try {
		if (!process.env.BENCH_REUSE) await prepare(admin, base);
		for (const { name, others, cover } of sets) {
			const client = postgres(Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString(), {
				max: 1,
				onnotice: () => {}
			});
			// What autovacuum leaves on a quiet table: statistics, and the visibility map that
			// index-only scans need.
			await client`vacuum analyze`;
			datasets.push({ name, others, cover, client });
		}
		const ids: Record<number, Ids> = {};
		for (const size of SIZES) {
			const ordered = (
				await datasets[0].client<{ id: string }[]>`select u.id from enrollment e
					join "user" u on u.id = e.user_id where e.class_id = ${classIdOf(size)} order by u.name, u.id`
			).map((r) => r.id);
			ids[size] = { page: ordered.slice(0, 75), batch: ordered.slice(0, 1000) };
		}
		await buildTexts(ids);
		// What the code chooses here, from the same statistics it reads (vacuum analyze above).
		const progressRows = new Map<boolean, number>();
		for (const d of datasets.filter((d) => !d.cover)) {
			const [{ rows }] = await d.client<{ rows: number }[]>`
				select reltuples::float8 as rows from pg_class where oid = 'lesson_progress'::regclass`;
			progressRows.set(d.others, rows);
		}
		const chosen = (others: boolean, size: number) => readFor(size, progressRows.get(others)!);
		const cells: Cell[] = [false, true].flatMap((others) =>
			SIZES.flatMap((size) => queries.map((query) => ({ others, size, query })))
		);

		// On each database, the same rows from every variant and as of main (and a warm-up round).
		const expected = new Map<string, string>();
		for (const { others, size, query } of cells) {
			for (const { dataset, variant, label } of variantsOf(datasets, query, others)) {
				const same = `${dataset.name}|${size}|${query.name.replace(', as of main', '')}`;
				const got = JSON.stringify(
					canonical(await run(dataset.client, sqlOf(query, variant, size)))
				);
				if (!expected.has(same)) expected.set(same, got);
				if (got !== expected.get(same))
					throw new Error(`${query.name}, ${size}, ${others}: ${label} differs`);
			}
		}

		const times = await measure(datasets, cells);
		console.log(
			`\nms per query, median of ${ROUNDS} alternating rounds (min–max); client-side, as the app runs them`
		);
		perQuery(times, cells);
		console.log(`\nsums per round (the CSV: its id list and one batch), median (min–max)`);
		sums(times, ['page', 'csv'], chosen);

		console.log('\nplans (one EXPLAIN (ANALYZE, BUFFERS) each, after the rounds)');
		for (const { others, size, query } of cells) {
			for (const { dataset, variant, label } of variantsOf(datasets, query, others)) {
				const plan = await explain(dataset.client, sqlOf(query, variant, size));
				console.log(`${query.name}, ${size}, ${others ? 'others' : 'alone'}, ${label}: ${plan}`);
			}
		}

		await writes(datasets, lessons[0].slug);

		// A class at work: 1 in 10 of its learners opens a lesson. Their pages are no longer
		// all-visible until the next vacuum, so an index-only scan reads the heap for them.
		for (const d of datasets) {
			for (const size of SIZES) {
				await d.client`update lesson_progress lp set last_opened_at = now()
					from enrollment e where e.class_id = ${classIdOf(size)} and e.user_id = lp.user_id
						and lp.lesson = ${lessons[0].slug} and right(lp.user_id, 1) = '7'`;
			}
		}
		const pageCells = cells.filter((c) => c.query.part === 'page');
		const active = await measure(datasets, pageCells);
		console.log(
			`\nafter 1 in 10 learners of each class opened a lesson (no vacuum since), page sums, median of ${ROUNDS} rounds`
		);
		sums(active, ['page'], chosen);
		for (const others of [false, true]) {
			for (const size of SIZES) {
				const query = queries[0];
				for (const { dataset, variant, label } of variantsOf(datasets, query, others)) {
					if (!dataset.cover) continue;
					const plan = await explain(dataset.client, sqlOf(query, variant, size));
					console.log(`${query.name}, ${size}, ${others ? 'others' : 'alone'}, ${label}: ${plan}`);
				}
			}
		}
	} finally {
		for (const d of datasets) await d.client.end();
		if (process.env.BENCH_KEEP === '1') console.log(`kept: BENCH_REUSE=${base}`);
		else
			for (const { name } of sets)
				await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
}

await main();
