/** The database's own ceiling for a quiz submission: pgbench running the submission transaction's statements. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type postgres from 'postgres';

const ATTEMPTS = 50_000;

function pgbenchBinary() {
	const dirs = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin'].filter(Boolean) as string[];
	for (const dir of dirs) if (existsSync(join(dir, 'pgbench'))) return join(dir, 'pgbench');
	return spawnSync('which', ['pgbench']).status === 0 ? 'pgbench' : undefined;
}

/**
 * The statement of `submitAttempt` (close the attempt, store 5 answers, upsert the progress) in a
 * transaction, on attempts of their own, at `clients` concurrent connections. Undefined without pgbench.
 */
export async function pgbenchSubmission(
	sql: postgres.Sql,
	databaseUrl: string,
	lesson: string,
	clients: number,
	seconds: number
) {
	const binary = pgbenchBinary();
	if (!binary) return undefined;
	await sql`insert into "user" (id, email, name, password_hash, role)
		select 'pgu' || g, 'pgu' || g || '@bench.example', 'pgbench ' || g, 'x', 'learner'
		from generate_series(1, ${ATTEMPTS}) g`;
	await sql`insert into quiz_attempt (id, user_id, lesson, quiz_version, seed, question_ids)
		select 'pga' || g, 'pgu' || g, ${lesson}, 'pgbench', g, '["q1","q2","q3","q4","q5"]'::jsonb
		from generate_series(1, ${ATTEMPTS}) g`;
	await sql`analyze`;
	const answers = JSON.stringify(
		[1, 2, 3, 4, 5].map((i) => ({
			question_id: `q${i}`,
			question: { id: `q${i}`, type: 'single', prompt: { de: 'Frage', en: 'Question' } },
			response: { type: 'single', option: 'a' },
			correct: true,
			points: 1
		}))
		// pgbench would read ":true" as a variable.
	).replace(/":/g, '": ');
	// submitAttempt's statement (progress.ts), on one line as pgbench wants it.
	const submit =
		`WITH closed AS (UPDATE quiz_attempt SET submitted_at = now(), score = 5, max_score = 5, percent = 100, passed = true WHERE id = 'pga' || :n AND submitted_at IS NULL RETURNING id, user_id, lesson),
answers AS (INSERT INTO attempt_answer (attempt_id, question_id, question, response, correct, points) SELECT closed.id, a.question_id, a.question, a.response, a.correct, a.points FROM closed, jsonb_to_recordset('${answers}'::jsonb) AS a(question_id text, question jsonb, response jsonb, correct boolean, points real)),
progress AS (INSERT INTO lesson_progress AS p (user_id, lesson, first_opened_at, last_opened_at, best_percent, attempts, passed_at) SELECT user_id, lesson, now(), now(), 100, 1, now() FROM closed ON CONFLICT (user_id, lesson) DO UPDATE SET attempts = p.attempts + 1, best_percent = greatest(coalesce(p.best_percent, 0), excluded.best_percent), passed_at = coalesce(p.passed_at, excluded.passed_at))
SELECT id FROM closed;`.replace(/\n/g, ' ');
	const script = `\\set n random(1, ${ATTEMPTS})
BEGIN;
${submit}
COMMIT;
`;
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-pgbench-'));
	try {
		writeFileSync(join(dir, 'submit.sql'), script);
		const run = spawnSync(
			binary,
			['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds)].concat([
				'-f',
				join(dir, 'submit.sql'),
				databaseUrl
			]),
			{ encoding: 'utf8' }
		);
		const tps = /tps = ([\d.]+)/.exec(run.stdout);
		const latency = /latency average = ([\d.]+) ms/.exec(run.stdout);
		if (!tps) throw new Error(`pgbench failed:\n${run.stdout}\n${run.stderr}`);
		return { tps: Number(tps[1]), avgMs: latency ? Number(latency[1]) : NaN };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
