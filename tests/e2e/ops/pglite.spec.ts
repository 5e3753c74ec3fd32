import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '../fixtures';
import { startApp, stopApp, waitForHealth, type App } from './cluster';
import { Learner } from './learner';

/** One PGlite data directory, used by the processes of one test in turn. */
function pgliteDir() {
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-pglite-ops-'));
	const data = join(dir, 'data');
	return { dir, data, lock: `${data}.lock` };
}

test('a second process on the same PGlite directory refuses to start and says why', async () => {
	test.setTimeout(60_000);
	const { dir, data, lock } = pgliteDir();
	const apps: App[] = [];
	try {
		const first = startApp(4541, { PGLITE_DATA_DIR: data });
		apps.push(first);
		await waitForHealth(first, 200, 40_000);
		expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.child.pid));

		const second = startApp(4542, { PGLITE_DATA_DIR: data });
		apps.push(second);
		const code = await Promise.race([second.exited, sleep(20_000).then(() => 'running')]);
		expect(code).not.toBe('running');
		expect(code).not.toBe(0);
		expect(second.output()).toContain(
			`The PGlite data directory ${data} is in use by process ${first.child.pid}`
		);
		expect(second.output()).toContain('one process per data directory');
		// The first one is untouched, and lets go of the lock when it stops.
		await waitForHealth(first);
		expect(await stopApp(first)).toBe(0);
		expect(existsSync(lock)).toBe(false);
	} finally {
		await Promise.all(apps.map((app) => stopApp(app)));
		rmSync(dir, { recursive: true, force: true });
	}
});

test('kill -9 during writes: the next start takes over the stale lock and keeps what was confirmed', async () => {
	test.setTimeout(90_000);
	const { dir, data, lock } = pgliteDir();
	const apps: App[] = [];
	try {
		const first = startApp(4543, { PGLITE_DATA_DIR: data });
		apps.push(first);
		await waitForHealth(first, 200, 40_000);
		const base = `http://localhost:4543`;

		// Registrations (one transaction each) from three clients until the process is killed.
		const confirmed: Learner[] = [];
		let writing = true;
		const writers = [0, 1, 2].map(async () => {
			while (writing) {
				const learner = new Learner();
				try {
					await learner.register(base);
					confirmed.push(learner);
				} catch {
					return; // the process is gone
				}
			}
		});
		await sleep(2500);
		first.child.kill('SIGKILL');
		writing = false;
		await Promise.all(writers);
		await first.exited;
		expect(confirmed.length).toBeGreaterThan(3);
		expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.child.pid));

		const next = startApp(4544, { PGLITE_DATA_DIR: data });
		apps.push(next);
		await waitForHealth(next, 200, 40_000);
		expect(readFileSync(lock, 'utf8').trim()).toBe(String(next.child.pid));
		const other = `http://localhost:4544`;
		const missing: string[] = [];
		for (const learner of confirmed) {
			const { status } = await learner.login(other);
			if (status !== 303) missing.push(`${learner.email}: ${status}`);
		}
		// Every confirmed registration was committed before its answer: at most the last may be gone.
		expect(missing.length).toBeLessThanOrEqual(1);
		console.log(
			`kill -9 after ${confirmed.length} confirmed registrations; after restart ${confirmed.length - missing.length} sign in`
		);
		expect(await stopApp(next)).toBe(0);
	} finally {
		await Promise.all(apps.map((app) => stopApp(app)));
		rmSync(dir, { recursive: true, force: true });
	}
});
