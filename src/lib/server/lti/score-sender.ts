import type { Db } from '../db';
import { scoreSettings, sendDueScores } from './score-outbox';
import { pruneAccessTokens } from './token';

interface Worker {
	wake(): void;
	stop(): Promise<void>;
}

type Holder = { worker?: Worker };
// One loop per process, also across `vite dev` reloads of this module.
const holder = ((globalThis as Record<string, unknown>).__lernpfadLtiScores ??= {}) as Holder;

/**
 * Every app process runs one: every `LTI_SCORE_POLL_MS`, and at once after this process queued a
 * score, it posts what is due. The outbox's row claims keep parallel processes apart.
 */
export async function startScoreSender(db: Db): Promise<Worker> {
	await holder.worker?.stop();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> | undefined;
	let again = false;
	let stopped = false;
	let rounds = 0;

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
				while (!stopped && (await sendDueScores(db)) >= scoreSettings().batch);
				if (++rounds % 720 === 0) await pruneAccessTokens(db);
			} catch (e) {
				console.error('lti score sender:', (e as Error).message);
			}
		})().finally(() => {
			running = undefined;
			schedule(again ? 0 : scoreSettings().pollMs);
			again = false;
		});
	}

	const worker: Worker = {
		wake: () => schedule(0),
		async stop() {
			stopped = true;
			clearTimeout(timer);
			await running;
			if (holder.worker === worker) holder.worker = undefined;
		}
	};
	holder.worker = worker;
	schedule(0);
	return worker;
}

/** After a transaction that queued scores commits: post now rather than at the next poll. */
export function wakeScoreSender() {
	holder.worker?.wake();
}

export async function stopScoreSender() {
	await holder.worker?.stop();
}
