import { and, eq, ne } from 'drizzle-orm';
import type { Db } from './db';
import { user, type Locale, type User } from './db/schema';
import { consumeEmailToken, issueEmailToken, RESET_MINUTES, VERIFY_DAYS } from './auth/email-token';
import { hashPassword } from './auth/password';
import { invalidateUserSessions } from './auth/session';
import { limits, take } from './auth/throttle';
import { alreadyRegisteredMail, emailChangedMail, resetMail, verifyMail } from './mail/account';
import { enqueueMail } from './mail/outbox';
import { wakeMailSender } from './mail/sender';
import { createUser, findUserByEmail, normalizeEmail, type NewUser } from './users';

const recipient = (u: User, fallback: Locale) => ({
	email: u.email,
	name: u.name,
	locale: u.locale ?? fallback
});

/**
 * A new address gets an account and a confirmation link; a known one gets a notice to its owner
 * instead (at most a few an hour). The caller answers both the same way ("check your inbox").
 */
export async function registerAccount(
	db: Db,
	input: NewUser & { locale: Locale },
	origin: string
): Promise<User | null> {
	const created = await db.transaction(async (tx) => {
		const row = await createUser(tx, input);
		if (row) {
			const token = await issueEmailToken(tx, row.id, 'verify', row.email);
			const url = `${origin}/verify/${token}`;
			await enqueueMail(tx, verifyMail(recipient(row, input.locale), url, VERIFY_DAYS));
		}
		return row;
	});
	if (!created) {
		const owner = await findUserByEmail(db, input.email);
		if (owner && !(await take(db, limits.mailPerAddress, owner.email)).limited) {
			await enqueueMail(db, alreadyRegisteredMail(recipient(owner, input.locale), origin));
		}
	}
	wakeMailSender();
	return created;
}

/** Sends a reset link if the address has an (enabled) account; says nothing either way. */
export async function requestPasswordReset(db: Db, email: string, locale: Locale, origin: string) {
	const found = await findUserByEmail(db, email);
	if (!found || found.disabledAt) return;
	if ((await take(db, limits.mailPerAddress, found.email)).limited) return;
	await db.transaction(async (tx) => {
		const token = await issueEmailToken(tx, found.id, 'reset', found.email);
		await enqueueMail(
			tx,
			resetMail(recipient(found, locale), `${origin}/reset/${token}`, RESET_MINUTES)
		);
	});
	wakeMailSender();
}

/**
 * Uses the reset token up, sets the password and ends every session of the account. Following the
 * link proved the address, so it also counts as confirmed.
 */
export async function resetPassword(db: Db, token: string, password: string) {
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const row = await consumeEmailToken(tx, token, 'reset');
		if (!row) return undefined;
		const [updated] = await tx
			.update(user)
			.set({ passwordHash })
			.where(eq(user.id, row.userId))
			.returning();
		if (!updated) return undefined;
		if (updated.email === row.email && !updated.emailVerifiedAt) {
			await tx.update(user).set({ emailVerifiedAt: new Date() }).where(eq(user.id, row.userId));
		}
		await invalidateUserSessions(tx, row.userId);
		return updated;
	});
}

export type VerifyResult =
	{ kind: 'verified'; email: string } | { kind: 'invalid' } | { kind: 'taken' };

/** Confirms the address a link was sent to; for an e-mail change, this is when the change happens. */
export async function verifyEmail(db: Db, token: string, fallback: Locale): Promise<VerifyResult> {
	const result = await db.transaction(async (tx): Promise<VerifyResult> => {
		const row = await consumeEmailToken(tx, token, 'verify');
		if (!row) return { kind: 'invalid' };
		const [owner] = await tx.select().from(user).where(eq(user.id, row.userId)).for('update');
		if (!owner) return { kind: 'invalid' };
		if (owner.email !== row.email) {
			const [other] = await tx
				.select({ id: user.id })
				.from(user)
				.where(and(eq(user.email, row.email), ne(user.id, owner.id)));
			if (other) return { kind: 'taken' };
			await enqueueMail(tx, emailChangedMail(recipient(owner, fallback), row.email));
		}
		await tx
			.update(user)
			.set({ email: row.email, emailVerifiedAt: new Date() })
			.where(eq(user.id, owner.id));
		return { kind: 'verified', email: row.email };
	});
	wakeMailSender();
	return result;
}

/** Sends a confirmation link to `newEmail`; the address changes only when it is followed. */
export async function requestEmailChange(
	db: Db,
	owner: User,
	newEmail: string,
	locale: Locale,
	origin: string
) {
	const email = normalizeEmail(newEmail);
	// Someone else's address: the same answer, no mail (the page must not tell who is registered).
	if (await findUserByEmail(db, email)) return;
	await db.transaction(async (tx) => {
		const token = await issueEmailToken(tx, owner.id, 'verify', email);
		await enqueueMail(
			tx,
			verifyMail(recipient(owner, locale), `${origin}/verify/${token}`, VERIFY_DAYS, email)
		);
	});
	wakeMailSender();
}

/** A new confirmation link for the current address. */
export async function resendVerification(db: Db, owner: User, locale: Locale, origin: string) {
	await db.transaction(async (tx) => {
		const token = await issueEmailToken(tx, owner.id, 'verify', owner.email);
		await enqueueMail(
			tx,
			verifyMail(recipient(owner, locale), `${origin}/verify/${token}`, VERIFY_DAYS)
		);
	});
	wakeMailSender();
}

export async function setRemindersOptOut(db: Db, id: string, optOut: boolean) {
	await db.update(user).set({ remindersOptOut: optOut }).where(eq(user.id, id));
}
