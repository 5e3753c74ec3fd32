import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from 'postgres';
import { expect, test } from '../fixtures';
import {
	freshPgDatabase,
	needServers,
	startApp,
	stopApp,
	waitForHealth,
	type App
} from './cluster';
import { Learner } from './learner';
import { startNginx } from './nginx';

/** Holds an exclusive lock on the session table: every signed-in request waits until `release`. */
async function stall(sql: Sql) {
	let release!: () => void;
	const released = new Promise<void>((done) => (release = done));
	let locked!: () => void;
	const isLocked = new Promise<void>((done) => (locked = done));
	const tx = sql.begin(async (tx) => {
		await tx`lock table session in access exclusive mode`;
		locked();
		await released;
	});
	await isLocked;
	return async () => {
		release();
		await tx;
	};
}

async function timed<T>(work: () => Promise<T>) {
	const started = Date.now();
	try {
		return { result: await work(), ms: Date.now() - started };
	} catch (error) {
		return { result: error as Error, ms: Date.now() - started };
	}
}

test('SIGTERM to one of two processes behind nginx: in-flight requests finish, new ones go to the other', async () => {
	test.setTimeout(90_000);
	await needServers(test, true);
	const database = await freshPgDatabase('lernpfad_sigterm');
	const apps: App[] = [];
	let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
	try {
		apps.push(startApp(4521, { DATABASE_URL: database.url, ORIGIN: 'http://localhost:4520' }));
		await waitForHealth(apps[0]);
		apps.push(startApp(4522, { DATABASE_URL: database.url, ORIGIN: 'http://localhost:4520' }));
		await waitForHealth(apps[1]);
		nginx = await startNginx(4520, [4521, 4522]);
		const [a] = apps;
		const learners = Array.from({ length: 6 }, () => new Learner());
		const forms: URLSearchParams[] = [];
		for (const learner of learners) {
			await learner.register(nginx.url);
			forms.push(await learner.openQuiz(nginx.url, 'introduction'));
		}

		const release = await stall(database.sql);
		// Slow requests (they wait for the lock) spread over both processes: pages and quiz posts.
		const inFlight = learners.flatMap((learner, i) => [
			timed(() => learner.send(nginx!.url, '/learn')),
			timed(() => learner.submit(nginx!.url, 'introduction', forms[i]))
		]);
		await sleep(700);
		a.child.kill('SIGTERM');
		await sleep(300);
		const afterwards = learners.map((learner) =>
			timed(() => learner.send(nginx!.url, '/learn/hypervisors'))
		);
		await sleep(1000);
		expect(a.child.exitCode, 'the stopping process waits for its requests').toBeNull();
		await release();

		const first = await Promise.all(inFlight);
		const second = await Promise.all(afterwards);
		const statuses = (list: typeof first) =>
			list.map((r) => (r.result instanceof Error ? r.result.message : r.result.status));
		expect(statuses(first)).toEqual(learners.flatMap(() => [200, 303]));
		expect(statuses(second)).toEqual(learners.map(() => 200));
		expect(await a.exited, 'the stopped process exits cleanly').toBe(0);
		expect(apps[1].child.exitCode).toBeNull();
		// Each quiz post counted once, none lost.
		const [{ submitted }] = await database.sql<{ submitted: number }[]>`
			select count(*)::int as submitted from quiz_attempt where submitted_at is not null`;
		expect(submitted).toBe(learners.length);
		console.log(
			`SIGTERM: ${first.length} in-flight requests finished (slowest ${Math.max(...first.map((r) => r.ms))} ms), ` +
				`${second.length} later ones served by the other process`
		);
	} finally {
		await nginx?.stop();
		await Promise.all(apps.map((app) => stopApp(app)));
		await database.drop();
	}
});

test('more requests than pool connections wait or get 503 within the deadline, never hang', async () => {
	test.setTimeout(90_000);
	await needServers(test);
	const REQUEST_TIMEOUT = 3;
	const database = await freshPgDatabase('lernpfad_pool');
	const app = startApp(4531, {
		DATABASE_URL: database.url,
		DATABASE_POOL_SIZE: '2',
		DATABASE_STATEMENT_TIMEOUT: '2000',
		REQUEST_TIMEOUT: String(REQUEST_TIMEOUT)
	});
	const base = `http://localhost:4531`;
	try {
		await waitForHealth(app);
		const learner = new Learner();
		await learner.register(base);
		const burst = () =>
			Promise.all(
				Array.from({ length: 50 }, () =>
					timed(() => learner.send(base, '/learn/introduction', { timeoutMs: 30_000 }))
				)
			);
		const statusOf = (r: Awaited<ReturnType<typeof burst>>[number]) =>
			r.result instanceof Error ? r.result.message : r.result.status;

		// 50 at once on 2 connections: they queue and are served.
		const busy = await burst();
		const limit = (REQUEST_TIMEOUT + 1.5) * 1000;
		expect(busy.map(statusOf).filter((s) => s !== 200 && s !== 503)).toEqual([]);
		expect(Math.max(...busy.map((r) => r.ms))).toBeLessThan(limit);

		// The same while the database makes everyone wait (a lock held elsewhere): 503 in bounded time.
		const release = await stall(database.sql);
		const stalled = await burst();
		await release();
		expect(stalled.map(statusOf).filter((s) => s !== 503)).toEqual([]);
		expect(Math.max(...stalled.map((r) => r.ms))).toBeLessThan(limit);
		const page = stalled.find((r) => !(r.result instanceof Error))!.result as Awaited<
			ReturnType<Learner['send']>
		>;
		expect(page.response.headers.get('retry-after')).toBe('5');

		// And the app is fine afterwards.
		const after = await burst();
		expect(after.map(statusOf).filter((s) => s !== 200)).toEqual([]);
		console.log(
			`pool 2, 50 concurrent: ${busy.filter((r) => statusOf(r) === 200).length} × 200, slowest ${Math.max(...busy.map((r) => r.ms))} ms; ` +
				`stalled: ${stalled.length} × 503, slowest ${Math.max(...stalled.map((r) => r.ms))} ms; ` +
				`after: slowest ${Math.max(...after.map((r) => r.ms))} ms`
		);
		expect(app.child.exitCode).toBeNull();
	} finally {
		await stopApp(app);
		await database.drop();
	}
});
