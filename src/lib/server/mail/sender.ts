import type { Db } from '../db';
import { outboxSettings, sendDue, sweepOldMail } from './outbox';
import type { MailTransport } from './transport';

interface Sender {
	wake(): void;
	stop(): Promise<void>;
}

/** Work the loop does every `everyMs` besides sending (e.g. queueing reminders); returns mails queued. */
export interface PeriodicTask {
	name: string;
	everyMs: number;
	run(db: Db): Promise<number>;
}

type Holder = { sender?: Sender };
// One loop per process, also across `vite dev` reloads of this module.
const holder = ((globalThis as Record<string, unknown>).__lernpfadMail ??= {}) as Holder;

/**
 * The in-process sender: every `MAIL_POLL_MS`, and at once when this process queued a mail, it sends
 * what is due. Any number of processes may run one; the outbox's row claims keep them apart.
 */
export async function startMailSender(
	db: Db,
	transport: MailTransport,
	tasks: PeriodicTask[] = []
): Promise<Sender> {
	await holder.sender?.stop();
	const { pollMs } = outboxSettings();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> | undefined;
	let again = false;
	let stopped = false;
	let sweptAt = 0;
	const ranAt = new Map<PeriodicTask, number>();

	const schedule = (ms: number) => {
		if (stopped) return;
		clearTimeout(timer);
		timer = setTimeout(run, ms);
		timer.unref();
	};
	function run() {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = (async () => {
			try {
				// A full batch means more may be due: go on at once.
				while (!stopped && (await sendDue(db, transport)) >= outboxSettings().batch);
				// Hourly, in every process (the delete is idempotent): the mail retention sweep.
				if (!stopped && Date.now() - sweptAt > 3_600_000) {
					sweptAt = Date.now();
					await sweepOldMail(db, outboxSettings().retentionDays);
				}
				for (const task of tasks) {
					if (stopped || Date.now() - (ranAt.get(task) ?? 0) < task.everyMs) continue;
					ranAt.set(task, Date.now());
					try {
						// What it queued goes out in the next round, at once.
						if ((await task.run(db)) > 0) again = true;
					} catch (e) {
						console.error(`${task.name}:`, (e as Error).message);
					}
				}
			} catch (e) {
				// The database is away (or restarting): the next round tries again.
				console.error('mail sender:', (e as Error).message);
			}
		})().finally(() => {
			running = undefined;
			schedule(again ? 0 : pollMs);
			again = false;
		});
	}

	const sender: Sender = {
		wake: () => schedule(0),
		async stop() {
			stopped = true;
			clearTimeout(timer);
			await running;
			transport.close();
			if (holder.sender === sender) holder.sender = undefined;
		}
	};
	holder.sender = sender;
	schedule(0);
	return sender;
}

/** After a transaction that queued mail commits: send now rather than at the next poll. */
export function wakeMailSender() {
	holder.sender?.wake();
}

export async function stopMailSender() {
	await holder.sender?.stop();
}
