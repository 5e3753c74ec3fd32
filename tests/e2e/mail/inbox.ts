import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReceivedMail } from './smtp';

/**
 * The suite's SMTP server (started in global-setup.ts) writes every message it receives into this
 * folder, one JSON file each; tests in any worker read them by recipient.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? E2E_PORT + 42_850);
export const INBOX_DIR = join('.data', `e2e-mail-${E2E_PORT}`);

export function resetInboxDir() {
	rmSync(INBOX_DIR, { recursive: true, force: true });
	mkdirSync(INBOX_DIR, { recursive: true });
}

export function storeMail(mail: ReceivedMail) {
	const name = `${mail.receivedAt}-${Math.random().toString(36).slice(2, 8)}.json`;
	writeFileSync(join(INBOX_DIR, name), JSON.stringify(mail));
}

/** Every mail received so far for `address`, oldest first. */
export function inbox(address: string): ReceivedMail[] {
	const wanted = address.toLowerCase();
	return readdirSync(INBOX_DIR)
		.sort()
		.map((f) => JSON.parse(readFileSync(join(INBOX_DIR, f), 'utf8')) as ReceivedMail)
		.filter((m) => m.to.includes(wanted));
}

/** Waits for the `count`-th mail to `address` (matching `subject` if given) and returns it. */
export async function waitForMail(
	address: string,
	{
		subject,
		count = 1,
		timeoutMs = 15_000
	}: { subject?: RegExp; count?: number; timeoutMs?: number } = {}
): Promise<ReceivedMail> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const found = inbox(address).filter((m) => !subject || subject.test(m.subject));
		if (found.length >= count) return found[count - 1];
		if (Date.now() > until) {
			throw new Error(
				`no mail #${count} to ${address}${subject ? ` matching ${subject}` : ''} within ${timeoutMs} ms; ` +
					`got: ${JSON.stringify(inbox(address).map((m) => m.subject))}`
			);
		}
		await sleep(100);
	}
}

/** The first link in a mail's text that starts with `prefix` (a path such as `/reset/`). */
export function linkIn(mail: ReceivedMail, prefix: string): string {
	const match = mail.text.match(
		new RegExp(`https?://[^\\s]+${prefix.replace(/\//g, '\\/')}[^\\s]*`)
	);
	if (!match) throw new Error(`no ${prefix} link in: ${mail.text}`);
	return match[0];
}
