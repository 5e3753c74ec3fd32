import type { Db } from '../db';
import { outboxSettings, sendDue, sweepOldMail } from './outbox';
import type { MailTransport } from './transport';

interface Sender {
	wake(): void;
	stop(): Promise<void>;
}

type Holder = { sender?: Sender };
// One loop per process, also across `vite dev` reloads of this module.
const holder = ((globalThis as Record<string, unknown>).__lernpfadMail ??= {}) as Holder;

/**
 * The in-process sender: every `MAIL_POLL_MS`, and at once when this process queued a mail, it sends
 * what is due. Any number of processes may run one; the outbox's row claims keep them apart.
 */
export async function startMailSender(db: Db, transport: MailTransport): Promise<Sender> {
	await holder.sender?.stop();
	const { pollMs } = outboxSettings();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> | undefined;
	let again = false;
	let stopped = false;
	let sweptAt = 0;

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
