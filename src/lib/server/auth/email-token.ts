import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../db';
import { emailToken, type EmailTokenPurpose } from '../db/schema';
import { forgetDevices } from './known-device';
import { generateSessionToken, sessionIdFromToken } from './session';

export const RESET_MINUTES = 45;
export const VERIFY_DAYS = 3;

const lifetime: Record<EmailTokenPurpose, number> = {
	reset: RESET_MINUTES * 60_000,
	verify: VERIFY_DAYS * 86_400_000
};

/**
 * A 160-bit token for a link; only its SHA-256 is stored. Issuing one ends the user's earlier
 * tokens of the same purpose: only the newest link works.
 */
export async function issueEmailToken(
	db: Db,
	userId: string,
	purpose: EmailTokenPurpose,
	email: string,
	now = new Date()
): Promise<string> {
	const token = generateSessionToken();
	const fields = {
		id: sessionIdFromToken(token),
		email,
		createdAt: now,
		expiresAt: new Date(now.getTime() + lifetime[purpose])
	};
	// An upsert on the unique (user, purpose), not delete-then-insert: parallel requests would each
	// delete before the others insert and leave several links valid (L3).
	await db
		.insert(emailToken)
		.values({ ...fields, userId, purpose })
		.onConflictDoUpdate({ target: [emailToken.userId, emailToken.purpose], set: fields });
	return token;
}

const wellFormed = (token: string) => /^[a-z2-7]{32}$/.test(token);

/**
 * Ends every outstanding link of the user, of every purpose. Called on each credential change
 * (password reset or change, e-mail change, account disabled): a link issued before must not outlive
 * it, or whoever requested it (say, an e-mail change to their own address while they knew the
 * password) could still take the account over after the owner recovered it (H1).
 */
export async function endEmailTokens(db: Db, userId: string) {
	await db.delete(emailToken).where(eq(emailToken.userId, userId));
	// The known devices too: no token of any kind outlives a credential change.
	await forgetDevices(db, userId);
}

/** The token's row while it is valid, without using it up (a page that shows the form). */
export async function peekEmailToken(db: Db, token: string, purpose: EmailTokenPurpose) {
	if (!wellFormed(token)) return undefined;
	const [row] = await db
		.select()
		.from(emailToken)
		.where(
			and(
				eq(emailToken.id, sessionIdFromToken(token)),
				eq(emailToken.purpose, purpose),
				gt(emailToken.expiresAt, new Date())
			)
		);
	return row;
}

/** Uses the token up: one statement, so two parallel posts of one link cannot both succeed. */
export async function consumeEmailToken(db: Db, token: string, purpose: EmailTokenPurpose) {
	if (!wellFormed(token)) return undefined;
	const [row] = await db
		.delete(emailToken)
		.where(
			and(
				eq(emailToken.id, sessionIdFromToken(token)),
				eq(emailToken.purpose, purpose),
				gt(emailToken.expiresAt, new Date())
			)
		)
		.returning();
	return row;
}
