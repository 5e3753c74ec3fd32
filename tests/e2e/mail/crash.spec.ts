import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '../fixtures';
import {
	freshPgDatabase,
	needServers,
	startApp,
	stopApp,
	waitForHealth,
	type App
} from '../ops/cluster';
import { Learner } from '../ops/learner';
import { E2E_PORT } from './inbox';
import { startSmtpServer, type ReceivedMail } from './smtp';

/**
 * The outbox's promise, with real processes: a mail committed while no SMTP server answers
 * survives `kill -9` of the process that queued it, and is delivered exactly once by the processes
 * that come after — even two of them polling the same outbox at once.
 */
test('a mail queued before a kill -9 is delivered exactly once by the next processes', async () => {
	test.setTimeout(360_000);
	await needServers(test);
	const db = await freshPgDatabase('lernpfad_mailcrash');
	const received: ReceivedMail[] = [];
	const smtp = await startSmtpServer(0, (mail) => received.push(mail));
	const ports = [0, 1, 2].map((i) => E2E_PORT + 40_000 + i);
	const env = (port: number, smtpUrl: string) => ({
		DATABASE_URL: db.url,
		ORIGIN: `http://127.0.0.1:${port}`,
		SMTP_URL: smtpUrl,
		MAIL_RETRY_SECONDS: '1',
		MAIL_POLL_MS: '200'
	});
	const apps: App[] = [];
	try {
		// 1. A process whose SMTP server is unreachable queues a verification mail.
		const first = startApp(ports[0], env(ports[0], 'smtp://127.0.0.1:1'));
		apps.push(first);
		await waitForHealth(first, 200, 60_000);
		const learner = new Learner();
		await learner.register(`http://127.0.0.1:${ports[0]}`);
		// Its sender tried and failed (the row is committed, unsent, waiting for its retry) …
		await expect
			.poll(
				async () =>
					(await db.sql`select attempts, last_error, sent_at from mail_outbox`).map((r) => ({
						tried: r.attempts >= 1 && r.last_error !== null,
						sent: r.sent_at !== null
					})),
				{ timeout: 20_000 }
			)
			.toEqual([{ tried: true, sent: false }]);
		// … when the process dies without any chance to clean up.
		first.child.kill('SIGKILL');
		await first.exited;

		// 2. Two new processes with a working SMTP server share the outbox.
		for (const port of ports.slice(1)) {
			apps.push(startApp(port, env(port, `smtp://127.0.0.1:${smtp.port}`)));
		}
		await Promise.all(apps.slice(1).map((app) => waitForHealth(app, 200, 60_000)));
		await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
		// Several more polling rounds of both processes: still exactly one.
		await sleep(3_000);
		expect(received.map((m) => m.to)).toEqual([[learner.email]]);
		expect(received[0].subject).toMatch(/Lernpfad$/);
		const [row] = await db.sql`select attempts, sent_at from mail_outbox`;
		expect(row.sent_at).not.toBeNull();
	} finally {
		await Promise.all(apps.map((app) => stopApp(app)));
		await smtp.close();
		await db.drop();
	}
});
