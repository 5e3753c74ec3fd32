import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, desc, eq, ilike, isNotNull, isNull, or } from 'drizzle-orm';
import { audit, type Actor } from './audit';
import type { Db } from './db';
import { containsPattern } from './db/rows';
import { user, type Locale, type Role, type User } from './db/schema';
import { endEmailTokens } from './auth/email-token';
import { hashPassword } from './auth/password';
import { invalidateUserSessions } from './auth/session';
import { noticeAccountDisabled } from './mail/notices';
import { wakeMailSender } from './mail/sender';

export function newId(): string {
	const bytes = new Uint8Array(15);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export interface NewUser {
	email: string;
	name: string;
	password: string;
	role?: Role;
	locale?: Locale | null;
	/** Accounts made by the operator (command line, demo) need no link to prove their address. */
	emailVerified?: boolean;
}

/** Returns null when the email is taken (the unique index decides, so two racing sign-ups can't both win). */
export async function createUser(db: Db, input: NewUser): Promise<User | null> {
	const passwordHash = await hashPassword(input.password);
	const [row] = await db
		.insert(user)
		.values({
			id: newId(),
			email: normalizeEmail(input.email),
			name: input.name.trim(),
			passwordHash,
			role: input.role ?? 'learner',
			locale: input.locale ?? null,
			emailVerifiedAt: input.emailVerified ? new Date() : null
		})
		.onConflictDoNothing({ target: user.email })
		.returning();
	return row ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
	const [row] = await db
		.select()
		.from(user)
		.where(eq(user.email, normalizeEmail(email)))
		.limit(1);
	return row;
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
	const [row] = await db.select().from(user).where(eq(user.id, id)).limit(1);
	return row;
}

export async function updateProfile(
	db: Db,
	id: string,
	values: { name?: string; locale?: Locale }
) {
	await db.update(user).set(values).where(eq(user.id, id));
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string) {
	await db.update(user).set({ passwordHash }).where(eq(user.id, id));
}

/** Changes a role and records who did it (in one transaction). */
export async function setRole(db: Db, id: string, role: Role, actor: Actor) {
	await db.transaction(async (tx) => {
		const [before] = await tx
			.select({ role: user.role, name: user.name, email: user.email })
			.from(user)
			.where(eq(user.id, id))
			.for('update');
		if (!before || before.role === role) return;
		await tx.update(user).set({ role }).where(eq(user.id, id));
		await audit(tx, actor, 'user.role', userTarget(id, before), { from: before.role, to: role });
	});
}

const userTarget = (id: string, u: { name: string; email: string }) => ({
	type: 'user' as const,
	id,
	label: `${u.name} <${u.email}>`
});

export async function countUsers(db: Db): Promise<number> {
	const rows = await db.select({ id: user.id }).from(user).limit(1);
	return rows.length;
}

/** Users whose name or email contains `query` (case-insensitive), newest first, at most `limit`. */
export async function searchUsers(db: Db, query: string, limit = 50) {
	const pattern = containsPattern(query);
	return db
		.select({
			id: user.id,
			email: user.email,
			name: user.name,
			role: user.role,
			disabledAt: user.disabledAt,
			createdAt: user.createdAt
		})
		.from(user)
		.where(query ? or(ilike(user.name, pattern), ilike(user.email, pattern)) : undefined)
		.orderBy(desc(user.createdAt))
		.limit(limit);
}

/**
 * Disables or enables an account and records who did it (in one transaction). Disabling ends every
 * session and every outstanding link of the account.
 */
export async function setDisabled(db: Db, id: string, disabled: boolean, actor: Actor) {
	await db.transaction(async (tx) => {
		const [changed] = await tx
			.update(user)
			.set({ disabledAt: disabled ? new Date() : null })
			.where(and(eq(user.id, id), disabled ? isNull(user.disabledAt) : isNotNull(user.disabledAt)))
			.returning({ name: user.name, email: user.email });
		if (changed) {
			await audit(tx, actor, disabled ? 'user.disable' : 'user.enable', userTarget(id, changed));
		}
		if (changed && disabled) {
			await invalidateUserSessions(tx, id);
			await endEmailTokens(tx, id);
			await noticeAccountDisabled(tx, id);
		}
	});
	if (disabled) wakeMailSender();
}
