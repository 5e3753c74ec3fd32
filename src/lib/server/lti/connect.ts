import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../audit';
import { authenticate } from '../auth/login';
import { addLearner } from '../class-stats';
import type { Db } from '../db';
import { rows } from '../db/rows';
import {
	classInstructor,
	enrollment,
	ltiPlatform,
	ltiUser,
	quizAttempt,
	user,
	type User
} from '../db/schema';
import { NO_PASSWORD } from './accounts';

/**
 * Why an account cannot be connected: it is not one Lernpfad made on a launch (`not_lti`: it has a
 * password, or no LMS link), or it already has progress of its own (`progress`: a submitted quiz
 * attempt, or a certificate). Reading lessons, and the quiz drawn when a lesson is shown, do not.
 */
export type ConnectBlock = 'not_lti' | 'progress';

export async function connectBlock(db: Db, userId: string): Promise<ConnectBlock | null> {
	const [row] = await rows<{ password_hash: string; linked: boolean; progress: boolean }>(
		db,
		sql`select u.password_hash,
				exists (select 1 from lti_user l where l.user_id = u.id) as linked,
				exists (select 1 from quiz_attempt a where a.user_id = u.id and a.submitted_at is not null)
					or exists (select 1 from certificate c where c.user_id = u.id) as progress
			from "user" u where u.id = ${userId}`
	);
	if (!row || row.password_hash !== NO_PASSWORD || !row.linked) return 'not_lti';
	return row.progress ? 'progress' : null;
}

export type ConnectResult =
	| { kind: 'connected'; user: User }
	| { kind: 'blocked'; reason: ConnectBlock }
	/** The existing account already stands for another user of one of these platforms. */
	| { kind: 'platform_taken' }
	| { kind: 'invalid' }
	| { kind: 'disabled' }
	| { kind: 'throttled'; retryAfter: number };

/**
 * Connects the LMS identities of an account made on a launch to an existing Lernpfad account whose
 * e-mail and password the person types — never by a matching e-mail alone. Allowed only while the
 * launch-made account has no progress of its own, so nothing is merged: its LMS links, class
 * memberships and co-instructor rows move to the existing account, the lessons it opened are carried
 * over where the existing account has none, and the launch-made account is deleted. The password is
 * checked and counted like a sign-in. Audited as `lti.connect`.
 */
export async function connectAccount(
	db: Db,
	input: { userId: string; email: string; password: string; ip: string },
	now = new Date()
): Promise<ConnectResult> {
	const first = await connectBlock(db, input.userId);
	if (first) return { kind: 'blocked', reason: first };
	const login =
		[...input.password].length > 256
			? ({ kind: 'invalid' } as const)
			: await authenticate(db, input, now);
	if (login.kind !== 'ok') return login;
	const targetId = login.user.id;
	if (targetId === input.userId) return { kind: 'invalid' };

	return db.transaction(async (tx) => {
		// Both accounts locked in id order, and the launch-made account's quiz attempts, then checked
		// again: a submission racing this one either shows up below or waits and finds its attempt
		// gone (a new attempt's insert needs the account's key lock, so it waits too).
		const locked = await tx
			.select()
			.from(user)
			.where(inArray(user.id, [input.userId, targetId]))
			.orderBy(asc(user.id))
			.for('update');
		const target = locked.find((u) => u.id === targetId);
		if (!target || locked.length < 2) return { kind: 'invalid' as const };
		await tx
			.select({ id: quizAttempt.id })
			.from(quizAttempt)
			.where(eq(quizAttempt.userId, input.userId))
			.for('update');
		const block = await connectBlock(tx, input.userId);
		if (block) return { kind: 'blocked' as const, reason: block };

		const links = await tx
			.select({ platformId: ltiUser.platformId, sub: ltiUser.sub, name: ltiPlatform.name })
			.from(ltiUser)
			.innerJoin(ltiPlatform, eq(ltiPlatform.id, ltiUser.platformId))
			.where(eq(ltiUser.userId, input.userId));
		const platformIds = [...new Set(links.map((l) => l.platformId))];
		// One Lernpfad account per user of a platform and back: scores go to one LMS user id.
		const [taken] = await tx
			.select({ sub: ltiUser.sub })
			.from(ltiUser)
			.where(and(eq(ltiUser.userId, targetId), inArray(ltiUser.platformId, platformIds)));
		if (taken) return { kind: 'platform_taken' as const };

		await tx.update(ltiUser).set({ userId: targetId }).where(eq(ltiUser.userId, input.userId));
		const classes = await tx
			.select({ classId: enrollment.classId })
			.from(enrollment)
			.where(eq(enrollment.userId, input.userId))
			.orderBy(asc(enrollment.classId));
		for (const { classId } of classes) {
			const joined = await tx
				.insert(enrollment)
				.values({ classId, userId: targetId, joinedAt: now })
				.onConflictDoNothing()
				.returning();
			// The existing account's past attempts count in the class's statistics, as on joining.
			if (joined.length) await addLearner(tx, classId, targetId);
		}
		const teaching = await tx
			.select({ classId: classInstructor.classId })
			.from(classInstructor)
			.where(eq(classInstructor.userId, input.userId));
		if (teaching.length)
			await tx
				.insert(classInstructor)
				.values(teaching.map(({ classId }) => ({ classId, userId: targetId })))
				.onConflictDoNothing();
		if (teaching.length && target.role === 'learner')
			await tx.update(user).set({ role: 'instructor' }).where(eq(user.id, targetId));
		await tx.execute(sql`insert into lesson_progress (user_id, lesson, first_opened_at, last_opened_at)
			select ${targetId}, lesson, first_opened_at, last_opened_at from lesson_progress
			where user_id = ${input.userId} on conflict do nothing`);
		// Sessions, memberships, opened lessons and unanswered quizzes of the launch-made account go
		// with it (cascade).
		await tx.delete(user).where(eq(user.id, input.userId));
		await audit(
			tx,
			{ id: targetId, name: target.name },
			'lti.connect',
			{ type: 'user', id: targetId, label: target.email },
			{
				platforms: [...new Set(links.map((l) => l.name))].join(', '),
				lms_user_ids: links.map((l) => l.sub).join(', '),
				lms_account: input.userId
			},
			now
		);
		return { kind: 'connected' as const, user: target };
	});
}
