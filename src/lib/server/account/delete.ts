import { and, asc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { audit } from '../audit';
import { verifyPassword } from '../auth/password';
import { limits, refund, take } from '../auth/throttle';
import type { Db } from '../db';
import {
	auditEvent,
	certificate,
	classroom,
	emailToken,
	enrollment,
	mailOutbox,
	throttle,
	user
} from '../db/schema';
import { addLearner } from '../class-stats';
import { markRevoked } from '../certificates/issue';
import { DELETED_LABEL, HOLDER_REVOKE_REASON } from '$lib/account';

export { DELETED_LABEL, HOLDER_REVOKE_REASON };
/** A revoked certificate shows this instead of the name the holder asked to have removed. */
export const ERASED_NAME = '—';

export interface Blockers {
	/** The only active admin cannot leave: nobody could manage users or certificates any more. */
	lastAdmin: boolean;
	/** Classes the person teaches that are not archived: learners would lose their instructor. */
	activeClasses: string[];
}

/** Why an account cannot be deleted right now (shown on the confirmation page before any password). */
export async function deletionBlockers(db: Db, userId: string): Promise<Blockers> {
	const people = await db
		.select({ id: user.id, role: user.role })
		.from(user)
		.where(and(or(eq(user.id, userId), eq(user.role, 'admin')), isNull(user.disabledAt)));
	const me = people.find((p) => p.id === userId);
	const classes = await db
		.select({ name: classroom.name })
		.from(classroom)
		.where(and(eq(classroom.instructorId, userId), isNull(classroom.archivedAt)))
		.orderBy(asc(classroom.createdAt));
	return {
		lastAdmin: me?.role === 'admin' && people.filter((p) => p.role === 'admin').length < 2,
		activeClasses: classes.map((c) => c.name)
	};
}

export type DeleteResult =
	| { kind: 'deleted'; certificate: 'none' | 'kept' | 'revoked' }
	| { kind: 'not_found' }
	| ({ kind: 'blocked' } & Blockers);

/**
 * Deletes the account and everything that is only the person's (sessions, progress, attempts and
 * answers, class memberships, archived classes they taught, throttling counters keyed by their
 * e-mail) in one transaction. The certificate stays verifiable under the printed name, detached from
 * the account (`user_id` set null), unless `revokeCertificate`: then it is revoked through the usual
 * path with reason "deleted by holder" and the printed name erased. Audit events that named the
 * person keep their ids, actions and times but lose the name and e-mail; a last event records the
 * deletion itself. The admin rows are locked in one ordered statement, so two admins deleting at
 * once cannot both leave.
 */
export async function deleteAccount(
	db: Db,
	userId: string,
	options: { revokeCertificate: boolean; now?: Date }
): Promise<DeleteResult> {
	const now = options.now ?? new Date();
	return db.transaction(async (tx) => {
		const locked = await tx
			.select({ id: user.id, email: user.email, role: user.role })
			.from(user)
			.where(or(eq(user.id, userId), eq(user.role, 'admin')))
			.orderBy(asc(user.id))
			.for('update');
		const me = locked.find((u) => u.id === userId);
		if (!me) return { kind: 'not_found' as const };
		const blockers = await deletionBlockers(tx, userId);
		if (blockers.lastAdmin || blockers.activeClasses.length) {
			return { kind: 'blocked' as const, ...blockers };
		}

		const [cert] = await tx
			.select({ code: certificate.code, revokedAt: certificate.revokedAt })
			.from(certificate)
			.where(eq(certificate.userId, userId));
		const self = { id: userId, name: DELETED_LABEL };
		let outcome: 'none' | 'kept' | 'revoked' = cert ? 'kept' : 'none';
		if (cert && options.revokeCertificate) {
			await markRevoked(tx, cert.code, HOLDER_REVOKE_REASON, self, now, `(${cert.code})`);
			await tx
				.update(certificate)
				.set({ nameOnCertificate: ERASED_NAME })
				.where(eq(certificate.code, cert.code));
			outcome = 'revoked';
		}

		await pseudonymiseAudit(tx, userId, cert?.code);
		// Class item statistics count the learner's answers: taken away as on removal from a class,
		// while the enrollments still say which class they counted for (M3).
		const classes = await tx
			.select({ classId: enrollment.classId })
			.from(enrollment)
			.where(eq(enrollment.userId, userId))
			.orderBy(asc(enrollment.classId))
			.for('update');
		for (const { classId } of classes) await addLearner(tx, classId, userId, -1);
		// Every address the person used here: the current one and those of pending changes.
		const pending = await tx
			.select({ email: emailToken.email })
			.from(emailToken)
			.where(eq(emailToken.userId, userId));
		const addresses = [...new Set([me.email, ...pending.map((p) => p.email)])];
		// Throttle counters keyed by an address (`mail:address:…`, `login:account-ip:…|ip`) or the id.
		await tx
			.delete(throttle)
			.where(
				or(
					...addresses.map((a) => like(throttle.key, `%:${escapeLike(a)}%`)),
					like(throttle.key, `%:${escapeLike(userId)}`)
				)
			);
		// Mail to any of those addresses, sent or not, and mail that names one (the "your address
		// changed" notice to a former address names the new one).
		await tx
			.delete(mailOutbox)
			.where(
				or(
					inArray(mailOutbox.toAddress, addresses),
					...addresses.map((a) => like(mailOutbox.text, `%${escapeLike(a)}%`))
				)
			);
		// Sessions, progress, attempts (and their answers), memberships, archived classes, link
		// tokens and reminders follow by ON DELETE CASCADE; the certificate by ON DELETE SET NULL.
		await tx.delete(user).where(eq(user.id, userId));
		await audit(
			tx,
			self,
			'user.delete',
			{ type: 'user', id: userId, label: DELETED_LABEL },
			{ role: me.role, certificate: outcome, ...(cert ? { code: cert.code } : {}) },
			now
		);
		return { kind: 'deleted' as const, certificate: outcome };
	});
}

function escapeLike(text: string) {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The trail is append-only (a trigger refuses UPDATE); migration 0007 lets one kind of update
 * through, and only inside a transaction that set `lernpfad.audit_erasure`: replacing the labels
 * that name a person. Ids, actions, times and reasons stay as they were.
 */
async function pseudonymiseAudit(tx: Db, userId: string, certificateCode?: string) {
	await tx.execute(sql`select set_config('lernpfad.audit_erasure', 'on', true)`);
	await tx
		.update(auditEvent)
		.set({ actorName: DELETED_LABEL })
		.where(eq(auditEvent.actorId, userId));
	await tx
		.update(auditEvent)
		.set({ targetLabel: DELETED_LABEL })
		.where(and(eq(auditEvent.targetType, 'user'), eq(auditEvent.targetId, userId)));
	await tx
		.update(auditEvent)
		.set({
			details: sql`${auditEvent.details} || jsonb_build_object('learner', ${DELETED_LABEL}::text)`
		})
		.where(sql`${auditEvent.details}->>'learnerId' = ${userId}`);
	if (certificateCode) {
		await tx
			.update(auditEvent)
			.set({ targetLabel: `(${certificateCode})` })
			.where(
				and(eq(auditEvent.targetType, 'certificate'), eq(auditEvent.targetId, certificateCode))
			);
	}
	await tx.execute(sql`select set_config('lernpfad.audit_erasure', 'off', true)`);
}

export type ConfirmedDelete =
	DeleteResult | { kind: 'wrong_password' } | { kind: 'throttled'; retryAfter: number };

/**
 * Deletion asks for the current password, counted like a sign-in (per account and address, before
 * the check; a right password gives its count back), so a borrowed unlocked session cannot delete
 * the account and guesses are as slow as at the login form.
 */
export async function deleteOwnAccount(
	db: Db,
	input: { userId: string; password: string; ip: string; revokeCertificate: boolean },
	now = new Date()
): Promise<ConfirmedDelete> {
	const [row] = await db
		.select({ email: user.email, passwordHash: user.passwordHash })
		.from(user)
		.where(eq(user.id, input.userId));
	if (!row) return { kind: 'not_found' };
	const key = `${row.email}|${input.ip}`;
	const state = await take(db, limits.loginPerAccountIp, key, now);
	if (state.limited) return { kind: 'throttled', retryAfter: state.retryAfter };
	const valid =
		[...input.password].length <= 256 && (await verifyPassword(row.passwordHash, input.password));
	if (!valid) return { kind: 'wrong_password' };
	await refund(db, limits.loginPerAccountIp, key, now);
	return deleteAccount(db, input.userId, {
		revokeCertificate: input.revokeCertificate,
		now
	});
}
