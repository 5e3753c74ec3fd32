import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { lessonFolders, slugOf } from '../course-data';
import { expect, test } from '../fixtures';
import { databaseUrl, health, startApp, stopApp, waitForHealth } from './cluster';
import { Learner } from './learner';
import { privateCluster, privateClusterPossible } from './private-pg';

const PG_PORT = 4519;
const APP_PORT = 4511;
const LEARNERS = 8;
const REQUEST_TIMEOUT = 5;

interface Outcome {
	attempt: string;
	status: number | 'network error';
	ms: number;
}

test('a database restart under load loses no submission and the app recovers by itself', async () => {
	test.setTimeout(120_000);
	test.skip(!privateClusterPossible(), 'PostgreSQL 15 binaries (initdb, pg_ctl) not installed');
	const cluster = await privateCluster(PG_PORT);
	const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
	await admin`create database lernpfad`;
	await admin.end();
	const url = databaseUrl('lernpfad', cluster.url);
	const app = startApp(APP_PORT, {
		DATABASE_URL: url,
		DATABASE_CONNECT_TIMEOUT: '2',
		REQUEST_TIMEOUT: String(REQUEST_TIMEOUT)
	});
	const base = `http://localhost:${APP_PORT}`;
	const outcomes: Outcome[] = [];
	const healthLog: { t: number; end: number; status: number }[] = [];
	try {
		await waitForHealth(app);
		const pid = app.child.pid;
		const learners = Array.from({ length: LEARNERS }, () => new Learner());
		for (const learner of learners) await learner.register(base);

		let running = true;
		const t0 = Date.now();
		const monitor = (async () => {
			while (running) {
				const t = Date.now() - t0;
				const status = await health(APP_PORT);
				healthLog.push({ t, end: Date.now() - t0, status });
				await sleep(100);
			}
		})();
		const failed: { learner: Learner; slug: string; form: URLSearchParams }[] = [];
		// Each learner works through the lessons: open a quiz, submit it, next lesson.
		const load = learners.map(async (learner, i) => {
			await sleep(i * 40);
			for (const folder of lessonFolders) {
				if (!running) return;
				const slug = slugOf(folder);
				let form: URLSearchParams | undefined;
				while (running && !form) {
					form = await learner.openQuiz(base, slug).catch(() => undefined);
					if (!form) await sleep(200);
				}
				if (!form) return;
				// Reading and answering: some forms are sent while the database is away.
				await sleep(300 + Math.random() * 500);
				const started = Date.now();
				const outcome: Outcome = { attempt: form.get('attempt')!, status: 'network error', ms: 0 };
				try {
					const { status } = await learner.submit(base, slug, form, 20_000);
					outcome.status = status;
				} catch {
					// Counted as a failure: retried below.
				}
				outcome.ms = Date.now() - started;
				outcomes.push(outcome);
				if (outcome.status !== 303) failed.push({ learner, slug, form });
			}
		});

		await sleep(1500);
		const down = Date.now() - t0;
		await cluster.stop('fast');
		const stopped = Date.now() - t0;
		await sleep(2000);
		const starting = Date.now() - t0;
		await cluster.start();
		const up = Date.now() - t0;
		// Recovery: the first healthy answer after the database accepts connections again.
		let recovered = Infinity;
		while (Date.now() - t0 - up < 10_000) {
			if ((await health(APP_PORT)) === 200) {
				recovered = Date.now() - t0 - up;
				break;
			}
			await sleep(50);
		}
		await sleep(1500);
		running = false;
		await Promise.all([...load, monitor]);

		console.log(
			`database stopping at ${down} ms, stopped ${stopped} ms, up at ${up} ms; app healthy again ${recovered} ms later; ` +
				`${outcomes.length} submissions, ${failed.length} failed during the outage ` +
				`(statuses ${[...new Set(failed.map((f) => outcomes.find((o) => o.attempt === f.form.get('attempt'))!.status))].join(', ') || '–'}), ` +
				`slowest answer ${Math.max(...outcomes.map((o) => o.ms))} ms; /healthz during the outage: ` +
				healthLog
					.filter((h) => h.t > stopped && h.end < starting)
					.map((h) => `${h.status} in ${h.end - h.t} ms`)
					.join(', ')
		);
		expect(recovered).toBeLessThanOrEqual(5000);
		expect(app.child.exitCode, 'the app kept running').toBeNull();
		expect(app.child.pid).toBe(pid);
		// Polls that began and ended while the database was stopped.
		const during = healthLog.filter((h) => h.t > stopped && h.end < starting);
		expect(during.length).toBeGreaterThan(0);
		expect(during.every((h) => h.status === 503)).toBe(true);
		expect(healthLog.at(-1)!.status).toBe(200);
		// Failures during the outage are 503s, never a 500 or a hang.
		for (const o of outcomes) {
			expect([303, 503]).toContain(o.status);
			expect(o.ms).toBeLessThan((REQUEST_TIMEOUT + 2) * 1000);
		}

		// What failed is sent again, as a learner would: each attempt ends submitted once.
		for (const { learner, slug, form } of failed) {
			expect((await learner.submit(base, slug, form)).status).toBe(303);
		}
		const sql = postgres(url, { max: 1, onnotice: () => {} });
		try {
			const attempts = outcomes.map((o) => o.attempt);
			const rows = await sql<{ id: string; submitted: boolean; answers: number }[]>`
				select a.id, a.submitted_at is not null as submitted,
					(select count(*)::int from attempt_answer w where w.attempt_id = a.id) as answers
				from quiz_attempt a where a.id = any(${attempts})`;
			expect(rows).toHaveLength(new Set(attempts).size);
			expect(rows.filter((r) => !r.submitted)).toEqual([]);
			expect(rows.filter((r) => r.answers === 0)).toEqual([]);
			// One attempt, one count: lesson_progress.attempts matches the submitted attempts exactly.
			const mismatched = await sql`
				select p.user_id, p.lesson, p.attempts, count(a.id)::int as submitted
				from lesson_progress p
				left join quiz_attempt a on a.user_id = p.user_id and a.lesson = p.lesson
					and a.submitted_at is not null
				group by p.user_id, p.lesson, p.attempts
				having p.attempts <> count(a.id)`;
			expect(mismatched).toEqual([]);
			const [{ total }] = await sql<{ total: number }[]>`
				select count(*)::int as total from quiz_attempt where submitted_at is not null`;
			expect(total).toBe(new Set(attempts).size);
		} finally {
			await sql.end();
		}
	} finally {
		if (test.info().status !== test.info().expectedStatus || app.child.exitCode !== null) {
			console.log(`app output:\n${app.output()}`);
		}
		await stopApp(app);
		await cluster.destroy();
	}
});
