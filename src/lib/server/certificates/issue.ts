import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { audit, type Actor } from '../audit';
import type { Db } from '../db';
import { containsPattern, rows } from '../db/rows';
import { certificate, lessonProgress, user, type Certificate, type Locale } from '../db/schema';
import { randomStatusIndex, STATUS_LIST_BITS } from './bitstring';
import { noticeCertificateRevoked } from '../mail/notices';
import { wakeMailSender } from '../mail/sender';

/** 20 random bytes = 160 bits, lower-case base32 like session tokens: unguessable, not sequential. */
export function newCertificateCode(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export interface CourseCompletion {
	userId: string;
	/** Every lesson slug of the course (from `getCourse()`), passed in so this stays free of SvelteKit. */
	lessons: readonly string[];
	/** The learner's language when they have not chosen one (the request's). */
	locale: Locale;
	now?: Date;
	/** Draws a status-list index (tests pass a fixed sequence to provoke collisions). */
	drawStatusIndex?: () => number;
}

/** Random draws before falling back to a query over the whole list (only when it is nearly full). */
const RANDOM_DRAWS = 8;

/**
 * A free bit in the status list: random draws first (taken ones are rare until the list fills),
 * then a random pick among all free ones. Throws when all 131,072 are taken.
 */
async function freeStatusIndex(db: Db, attempt: number, draw: () => number) {
	if (attempt < RANDOM_DRAWS) return draw();
	const [free] = await rows<{ i: number }>(
		db,
		sql`select i from generate_series(0, ${STATUS_LIST_BITS - 1}) as i
			where not exists (select 1 from ${certificate} where ${certificate.statusIndex} = i)
			order by random() limit 1`
	);
	if (!free) throw new Error('The certificate status list is full (131,072 certificates).');
	return Number(free.i);
}

/**
 * Issues the certificate when every lesson has been passed; call inside the transaction that records
 * the pass. The learner's row is locked first, so two final attempts (even on different lessons) are
 * serialised: the second one's statements see the first one's committed pass. The unique index on
 * `user_id` plus ON CONFLICT DO NOTHING makes a second issue a no-op. The certificate draws a random
 * free bit of the status list; DO NOTHING (not an error, which would end the transaction) also
 * covers a bit another issue took meanwhile, and then it draws again. Returns the new certificate.
 */
export async function issueCertificateIfComplete(
	db: Db,
	c: CourseCompletion
): Promise<Certificate | undefined> {
	if (c.lessons.length === 0) return undefined;
	const [learner] = await db
		.select({ name: user.name, locale: user.locale })
		.from(user)
		.where(eq(user.id, c.userId))
		.for('no key update');
	if (!learner) return undefined;
	const [progress] = await db
		.select({
			passed: sql<number>`count(*)::int`,
			percent: sql<number>`coalesce(floor(avg(${lessonProgress.bestPercent})), 0)::int`
		})
		.from(lessonProgress)
		.where(
			and(
				eq(lessonProgress.userId, c.userId),
				inArray(lessonProgress.lesson, [...c.lessons]),
				isNotNull(lessonProgress.passedAt)
			)
		);
	if (progress.passed < c.lessons.length) return undefined;
	const issuedAt = c.now ?? new Date();
	for (let attempt = 0; ; attempt++) {
		const [issued] = await db
			.insert(certificate)
			.values({
				code: newCertificateCode(),
				userId: c.userId,
				nameOnCertificate: learner.name,
				locale: learner.locale ?? c.locale,
				issuedAt,
				percent: progress.percent,
				statusIndex: await freeStatusIndex(db, attempt, c.drawStatusIndex ?? randomStatusIndex)
			})
			.onConflictDoNothing()
			.returning();
		if (issued) return issued;
		if (await findCertificateOfUser(db, c.userId)) return undefined;
	}
}

/**
 * The certificate's status-list bit. Rows issued before the list got theirs in the migration; should
 * one still lack it, it draws one now (under the same unique index, so racing calls agree).
 */
export async function ensureStatusIndex(db: Db, row: Certificate): Promise<number> {
	if (row.statusIndex !== null) return row.statusIndex;
	for (let attempt = 0; ; attempt++) {
		const index = await freeStatusIndex(db, attempt, randomStatusIndex);
		const [updated] = await rows<{ status_index: number }>(
			db,
			sql`update ${certificate} set status_index = ${index}
				where ${certificate.code} = ${row.code} and ${certificate.statusIndex} is null
				and not exists (select 1 from ${certificate} where ${certificate.statusIndex} = ${index})
				returning status_index`
		).catch((e: unknown) => {
			// A racing draw of the same bit: the unique index refuses it, so draw again.
			if (isUniqueViolation(e)) return [];
			throw e;
		});
		if (updated) return Number(updated.status_index);
		const current = await findCertificate(db, row.code);
		if (!current) throw new Error(`certificate ${row.code} is gone`);
		if (current.statusIndex !== null) return current.statusIndex;
	}
}

function isUniqueViolation(e: unknown): boolean {
	const code = (e as { code?: unknown; cause?: { code?: unknown } } | null)?.code;
	return code === '23505' || (!!e && isUniqueViolation((e as { cause?: unknown }).cause));
}

/** The status-list bits of revoked certificates: the published list's ones. */
export async function revokedStatusIndexes(db: Db): Promise<number[]> {
	const revoked = await db
		.select({ index: certificate.statusIndex })
		.from(certificate)
		.where(and(isNotNull(certificate.revokedAt), isNotNull(certificate.statusIndex)));
	return revoked.map((r) => r.index!);
}

/** For a learner who passed everything before certificates existed: the same steps, on their own. */
export async function ensureCertificate(db: Db, c: CourseCompletion) {
	await db.transaction((tx) => issueCertificateIfComplete(tx, c));
	return findCertificateOfUser(db, c.userId);
}

export async function findCertificate(db: Db, code: string): Promise<Certificate | undefined> {
	const [row] = await db.select().from(certificate).where(eq(certificate.code, code)).limit(1);
	return row;
}

export async function findCertificateOfUser(db: Db, userId: string) {
	const [row] = await db.select().from(certificate).where(eq(certificate.userId, userId)).limit(1);
	return row;
}

export type RevokeResult = 'revoked' | 'already_revoked' | 'not_found' | 'forbidden';

export const REVOKE_REASON_MAX = 500;

/**
 * Admin only: checks the role in the database too, not just in the route. The reason is kept for
 * admins; the public sees that and when, never why. Revoking twice keeps the first date and reason.
 */
export async function revokeCertificate(
	db: Db,
	code: string,
	reason: string,
	adminId: string,
	now = new Date(),
	/** The public origin, for the link in the holder's notice. */
	origin?: string
): Promise<RevokeResult> {
	const [admin] = await db
		.select({ role: user.role, name: user.name })
		.from(user)
		.where(and(eq(user.id, adminId), isNull(user.disabledAt)));
	if (admin?.role !== 'admin') return 'forbidden';
	const trimmed = reason.trim().slice(0, REVOKE_REASON_MAX);
	const revoked = await db.transaction(async (tx) => {
		const done = await markRevoked(tx, code, trimmed, { id: adminId, name: admin.name }, now);
		// The holder hears of it (the holder's own revocation, on deleting an account, does not mail).
		if (done) await noticeCertificateRevoked(tx, code, now, origin);
		return done;
	});
	if (revoked) {
		wakeMailSender();
		return 'revoked';
	}
	return (await findCertificate(db, code)) ? 'already_revoked' : 'not_found';
}

/**
 * The one revocation path (an admin's, or the holder's own when deleting their account): sets the
 * date and reason once and records who did it in the append-only trail. Call inside a transaction.
 * `label` is what the trail shows for the certificate (default: the name on it and its code).
 * Returns false when the certificate does not exist or was already revoked.
 */
export async function markRevoked(
	tx: Db,
	code: string,
	reason: string,
	actor: Actor,
	now = new Date(),
	label?: string
): Promise<boolean> {
	const [row] = await tx
		.update(certificate)
		.set({ revokedAt: now, revokedReason: reason })
		.where(and(eq(certificate.code, code), isNull(certificate.revokedAt)))
		.returning({ code: certificate.code, name: certificate.nameOnCertificate });
	if (!row) return false;
	const target = {
		type: 'certificate' as const,
		id: code,
		label: label ?? `${row.name} (${code})`
	};
	await audit(tx, actor, 'certificate.revoke', target, { reason }, now);
	return true;
}

/** For the admin page: certificates whose name or code contains `query`, newest first. */
export async function searchCertificates(db: Db, query: string, limit = 50) {
	const pattern = containsPattern(query);
	return db
		.select({
			code: certificate.code,
			name: certificate.nameOnCertificate,
			issuedAt: certificate.issuedAt,
			percent: certificate.percent,
			revokedAt: certificate.revokedAt,
			revokedReason: certificate.revokedReason
		})
		.from(certificate)
		.where(
			query
				? or(ilike(certificate.nameOnCertificate, pattern), ilike(certificate.code, pattern))
				: undefined
		)
		.orderBy(desc(certificate.issuedAt))
		.limit(limit);
}
