import { and, eq, gt, ne } from 'drizzle-orm';
import type { Db } from './db';
import { emailToken, user, type Locale, type User } from './db/schema';
import {
	consumeEmailToken,
	endEmailTokens,
	issueEmailToken,
	RESET_MINUTES,
	VERIFY_DAYS
} from './auth/email-token';
import { hashPassword } from './auth/password';
import { invalidateUserSessions } from './auth/session';
import { mailLimited } from './auth/throttle';
import {
	alreadyRegisteredMail,
	emailChangedMail,
	passwordChangedMail,
	resetMail,
	verifyMail
} from './mail/account';
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
	origin: string,
	ip?: string
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
		if (owner && !(await mailLimited(db, { address: owner.email, ip }))) {
			await enqueueMail(db, alreadyRegisteredMail(recipient(owner, input.locale), origin));
		}
	}
	wakeMailSender();
	return created;
}

/**
 * Sends a reset link if the address has an (enabled) account; says nothing either way. Callers run
 * it after answering (`inBackground`), so the time of the answer does not tell either (L2).
 */
export async function requestPasswordReset(
	db: Db,
	email: string,
	locale: Locale,
	origin: string,
	ip?: string
) {
	const found = await findUserByEmail(db, email);
	if (!found || found.disabledAt) return;
	if (await mailLimited(db, { address: found.email, ip })) return;
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
 * Uses the reset token up, sets the password, ends every session and every other link of the account
 * (a credential change outlives nothing issued before it), and tells the address. Following the link
 * proved the address, so it also counts as confirmed.
 */
export async function resetPassword(
	db: Db,
	token: string,
	password: string,
	origin: string,
	fallback: Locale
) {
	const passwordHash = await hashPassword(password);
	const result = await db.transaction(async (tx) => {
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
		await endEmailTokens(tx, row.userId);
		await enqueueMail(tx, passwordChangedMail(recipient(updated, fallback), origin));
		return updated;
	});
	wakeMailSender();
	return result;
}

/**
 * The settings' password change: the new hash, every other session and every outstanding link
 * ended, and a notice to the address, in one transaction.
 */
export async function changePassword(
	db: Db,
	owner: User,
	password: string,
	keepSessionId: string | undefined,
	origin: string,
	fallback: Locale
) {
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		await tx.update(user).set({ passwordHash }).where(eq(user.id, owner.id));
		await invalidateUserSessions(tx, owner.id, keepSessionId);
		await endEmailTokens(tx, owner.id);
		await enqueueMail(tx, passwordChangedMail(recipient(owner, fallback), origin));
	});
	wakeMailSender();
}

export type VerifyResult =
	| { kind: 'verified'; email: string }
	| { kind: 'invalid' }
	| { kind: 'taken' }
	| { kind: 'sign_in' };

/** Rolls the transaction back (the link stays usable) when a change is confirmed without the session. */
class NeedsSession extends Error {}

/**
 * Confirms the address a link was sent to; for an e-mail change, this is when the change happens.
 * A change needs the account's own session (`session`): a link alone, in whoever's hands, cannot
 * move an account to another address. The change ends every other session and link of the account.
 */
export async function verifyEmail(
	db: Db,
	token: string,
	fallback: Locale,
	session?: { userId: string; sessionId: string }
): Promise<VerifyResult> {
	let result: VerifyResult;
	try {
		result = await db.transaction(async (tx): Promise<VerifyResult> => {
			const row = await consumeEmailToken(tx, token, 'verify');
			if (!row) return { kind: 'invalid' };
			const [owner] = await tx.select().from(user).where(eq(user.id, row.userId)).for('update');
			if (!owner) return { kind: 'invalid' };
			if (owner.email !== row.email) {
				if (session?.userId !== owner.id) throw new NeedsSession();
				const [other] = await tx
					.select({ id: user.id })
					.from(user)
					.where(and(eq(user.email, row.email), ne(user.id, owner.id)));
				if (other) return { kind: 'taken' };
				await enqueueMail(tx, emailChangedMail(recipient(owner, fallback), row.email));
				await invalidateUserSessions(tx, owner.id, session.sessionId);
				await endEmailTokens(tx, owner.id);
			}
			await tx
				.update(user)
				.set({ email: row.email, emailVerifiedAt: new Date() })
				.where(eq(user.id, owner.id));
			return { kind: 'verified', email: row.email };
		});
	} catch (e) {
		if (e instanceof NeedsSession) return { kind: 'sign_in' };
		throw e;
	}
	wakeMailSender();
	return result;
}

/** The e-mail change waiting for its link, if any (the settings page shows it with a cancel button). */
export async function pendingEmailChange(db: Db, owner: Pick<User, 'id' | 'email'>) {
	const [row] = await db
		.select({ email: emailToken.email, expiresAt: emailToken.expiresAt })
		.from(emailToken)
		.where(
			and(
				eq(emailToken.userId, owner.id),
				eq(emailToken.purpose, 'verify'),
				ne(emailToken.email, owner.email),
				gt(emailToken.expiresAt, new Date())
			)
		);
	return row;
}

export async function cancelEmailChange(db: Db, owner: Pick<User, 'id' | 'email'>) {
	await db
		.delete(emailToken)
		.where(
			and(
				eq(emailToken.userId, owner.id),
				eq(emailToken.purpose, 'verify'),
				ne(emailToken.email, owner.email)
			)
		);
}

/**
 * Sends a confirmation link to `newEmail`; the address changes only when it is followed. Callers
 * run it after answering (`inBackground`): someone else's address gets no mail, and the answer's
 * timing must not tell that either (L2). At most a few mails an hour to one address or client (M2).
 */
export async function requestEmailChange(
	db: Db,
	owner: User,
	newEmail: string,
	locale: Locale,
	origin: string,
	ip?: string
) {
	const email = normalizeEmail(newEmail);
	if (await findUserByEmail(db, email)) return;
	if (await mailLimited(db, { address: email, ip })) return;
	await db.transaction(async (tx) => {
		const token = await issueEmailToken(tx, owner.id, 'verify', email);
		await enqueueMail(
			tx,
			verifyMail(recipient(owner, locale), `${origin}/verify/${token}`, VERIFY_DAYS, email)
		);
	});
	wakeMailSender();
}

/** A new confirmation link for the current address (at most a few an hour per address and client). */
export async function resendVerification(
	db: Db,
	owner: User,
	locale: Locale,
	origin: string,
	ip?: string
) {
	if (await mailLimited(db, { address: owner.email, ip })) return;
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

/**
 * Runs `work` after the request is answered: requests whose work differs by whether an address has
 * an account answer in the same time either way (L2). Errors are logged, never lost.
 */
export function inBackground(label: string, work: () => Promise<unknown>) {
	void work().catch((e) => console.error(`[${label}]`, e));
}
