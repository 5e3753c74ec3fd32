import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { session, type Session, type User } from '../db/schema';
import { lessonStateOf, type LessonKey, type LessonState } from '../lesson-state';
import { newToken, tokenHash } from './token';

export const SESSION_COOKIE = 'lernpfad_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** Sessions used in their last 15 days are extended (sliding expiry). */
export const SESSION_RENEW_BEFORE = 15 * DAY;

export type SessionUser = Pick<
	User,
	'id' | 'email' | 'name' | 'role' | 'locale' | 'emailVerifiedAt'
>;
export type SessionValidation =
	| { session: Session; user: SessionUser; renewed: boolean }
	| { session: null; user: null; renewed: false };

/** Lucia's names: the cookie holds the token, the session's id is its hash (./token.ts). */
export const generateSessionToken = newToken;
export const sessionIdFromToken = tokenHash;

export async function createSession(db: Db, token: string, userId: string, now = new Date()) {
	const row: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME)
	};
	await db.insert(session).values(row);
	return row;
}

export async function validateSessionToken(
	db: Db,
	token: string,
	now = new Date()
): Promise<SessionValidation> {
	const id = sessionIdFromToken(token);
	const [row] = await prepared(db).sessionById.execute({ id });
	return settle(db, id, row, now);
}

/**
 * `validateSessionToken` and, in the same statement, what a view of `lesson` reads of the learner
 * (progress, open attempt, retake history): one round trip for a signed-in lesson view. The lesson's
 * rows come only through the session that was found, and are dropped with it when it has expired.
 */
export async function validateSessionForLesson(
	db: Db,
	token: string,
	lesson: LessonKey,
	now = new Date()
): Promise<{ validation: SessionValidation; lesson: LessonState | null }> {
	const id = sessionIdFromToken(token);
	const [row] = await prepared(db).sessionLesson.execute({
		id,
		lesson: lesson.slug,
		version: lesson.version,
		limit: lesson.historyLimit
	});
	const validation = await settle(db, id, row, now);
	return { validation, lesson: validation.session ? lessonStateOf(row!) : null };
}

/** Expiry (the row is deleted) and sliding renewal (written only in the session's last 15 days). */
async function settle(
	db: Db,
	id: string,
	row: { session: Session; user: SessionUser } | undefined,
	now: Date
): Promise<SessionValidation> {
	if (!row) return { session: null, user: null, renewed: false };
	if (now.getTime() >= row.session.expiresAt.getTime()) {
		await db.delete(session).where(eq(session.id, id));
		return { session: null, user: null, renewed: false };
	}
	let renewed = false;
	if (now.getTime() >= row.session.expiresAt.getTime() - SESSION_RENEW_BEFORE) {
		row.session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME);
		await db.update(session).set({ expiresAt: row.session.expiresAt }).where(eq(session.id, id));
		renewed = true;
	}
	return { session: row.session, user: row.user, renewed };
}

export async function invalidateSession(db: Db, sessionId: string) {
	await db.delete(session).where(eq(session.id, sessionId));
}

/** Ends every session of the user except `keepSessionId` (password change, account disabled). */
export async function invalidateUserSessions(db: Db, userId: string, keepSessionId?: string) {
	await db
		.delete(session)
		.where(
			keepSessionId
				? and(eq(session.userId, userId), ne(session.id, keepSessionId))
				: eq(session.userId, userId)
		);
}
