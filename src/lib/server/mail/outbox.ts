import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { mailOutbox, type MailOutboxRow } from '../db/schema';
import type { MailTransport } from './transport';

export interface Mail {
	to: string;
	subject: string;
	text: string;
	html: string;
	kind: string;
	/** A mail the recipient opted into: its one-click unsubscribe URL (RFC 8058). */
	listUnsubscribe?: string;
}

/** Writes a mail to send. Call it in the transaction of the change it reports: both or neither. */
export async function enqueueMail(db: Db, mail: Mail | Mail[]) {
	const rows = Array.isArray(mail) ? mail : [mail];
	if (rows.length > 0)
		await db.insert(mailOutbox).values(rows.map(({ to, ...m }) => ({ toAddress: to, ...m })));
}

function envNumber(name: string, fallback: number) {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const outboxSettings = () => ({
	/** First retry after this, doubling each time (30 s, 1 min, 2 min, … capped at 6 h). */
	retrySeconds: envNumber('MAIL_RETRY_SECONDS', 30),
	maxAttempts: envNumber('MAIL_MAX_ATTEMPTS', 10),
	/** A claimed row is left alone this long; a process that dies mid-send frees it by expiry. */
	leaseSeconds: 300,
	pollMs: envNumber('MAIL_POLL_MS', 5_000),
	/** Sent and given-up mail is deleted this many days later (docs/PRIVACY.md, "Mail"). */
	retentionDays: envNumber('MAIL_RETENTION_DAYS', 30),
	batch: 20
});

export function backoffSeconds(attempts: number, base: number) {
	return Math.min(base * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

/**
 * Claims due mails: the rows are locked `FOR UPDATE SKIP LOCKED` (processes claiming at once get
 * different rows) and their `next_attempt_at` moved a lease ahead in the same statement, so no other
 * process takes them while this one sends — and all of it is committed before any SMTP traffic.
 */
export async function claimDue(db: Db, batch: number, leaseSeconds: number) {
	const due = db
		.select({ id: mailOutbox.id })
		.from(mailOutbox)
		.where(
			and(
				isNull(mailOutbox.sentAt),
				isNull(mailOutbox.failedAt),
				lte(mailOutbox.nextAttemptAt, sql`now()`)
			)
		)
		.orderBy(asc(mailOutbox.id))
		.limit(batch)
		.for('update', { skipLocked: true });
	return db
		.update(mailOutbox)
		.set({
			attempts: sql`${mailOutbox.attempts} + 1`,
			nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})`
		})
		.where(inArray(mailOutbox.id, due))
		.returning();
}

async function markSent(db: Db, id: number) {
	await db
		.update(mailOutbox)
		.set({ sentAt: sql`now()`, lastError: null })
		.where(eq(mailOutbox.id, id));
}

async function markFailed(db: Db, row: MailOutboxRow, error: unknown) {
	const settings = outboxSettings();
	const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
	const giveUp = row.attempts >= settings.maxAttempts;
	const wait = backoffSeconds(row.attempts, settings.retrySeconds);
	await db
		.update(mailOutbox)
		.set({
			lastError: message,
			failedAt: giveUp ? sql`now()` : null,
			nextAttemptAt: sql`now() + make_interval(secs => ${wait})`
		})
		.where(eq(mailOutbox.id, row.id));
	console.error(
		`mail ${row.id} (${row.kind}) to ${row.toAddress}: attempt ${row.attempts} failed: ${message}` +
			(giveUp ? ' — giving up' : `; next try in ${wait} s`)
	);
}

/** One round: claim what is due and send it. Returns how many were sent. */
export async function sendDue(db: Db, transport: MailTransport): Promise<number> {
	const settings = outboxSettings();
	const rows = await claimDue(db, settings.batch, settings.leaseSeconds);
	let sent = 0;
	for (const row of rows) {
		try {
			await transport.send({
				to: row.toAddress,
				subject: row.subject,
				text: row.text,
				html: row.html,
				listUnsubscribe: row.listUnsubscribe ?? undefined,
				messageId: `<outbox-${row.id}-${row.createdAt.getTime()}@lernpfad>`
			});
		} catch (e) {
			await markFailed(db, row, e);
			continue;
		}
		await markSent(db, row.id);
		sent += 1;
	}
	return sent;
}

/** The newest mails, for the development outbox page. */
export function recentMails(db: Db, limit = 50) {
	return db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(limit);
}

/**
 * The retention sweep: mail sent (or given up) more than `days` ago is deleted — names, addresses and
 * links do not stay in the database for good (M3). Unsent mail stays until it is sent or given up.
 */
export async function sweepOldMail(db: Db, days: number, now = new Date()) {
	const before = new Date(now.getTime() - days * 86_400_000);
	const gone = await db
		.delete(mailOutbox)
		.where(or(lt(mailOutbox.sentAt, before), lt(mailOutbox.failedAt, before)))
		.returning({ id: mailOutbox.id });
	return gone.length;
}
