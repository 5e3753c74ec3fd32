import { and, asc, desc, eq, exists, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { audit, type Actor } from './audit';
import { addLearner } from './class-stats';
import type { Db } from './db';
import { classInstructor, classroom, enrollment, user, type Classroom } from './db/schema';
import type { SessionUser } from './auth/session';
import { newId } from './users';

// No look-alikes: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const JOIN_CODE_LENGTH = 8;
export const JOIN_CODE = new RegExp(`^[${CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** 8 characters of a 25-letter alphabet ≈ 37 bits: unguessable enough for a join link, short to type. */
export function generateJoinCode(): string {
	let code = '';
	while (code.length < JOIN_CODE_LENGTH) {
		for (const b of crypto.getRandomValues(new Uint8Array(16))) {
			// Rejection sampling (250 = 10 × 25) keeps every letter equally likely.
			if (b < 250 && code.length < JOIN_CODE_LENGTH) code += CODE_ALPHABET[b % 25];
		}
	}
	return code;
}

/** Normalises what a person typed: case, spaces and dashes do not matter. */
export function normalizeJoinCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

async function withUniqueCode<T>(attempt: (code: string) => Promise<T | undefined>): Promise<T> {
	for (let i = 0; i < 5; i++) {
		const result = await attempt(generateJoinCode());
		if (result !== undefined) return result;
	}
	throw new Error('Could not find a free join code');
}

export async function createClass(db: Db, instructorId: string, name: string): Promise<Classroom> {
	return withUniqueCode(async (joinCode) => {
		const [row] = await db
			.insert(classroom)
			.values({ id: newId(), name: name.trim(), instructorId, joinCode })
			.onConflictDoNothing({ target: classroom.joinCode })
			.returning();
		return row;
	});
}

/** The class's instructor or a co-instructor (`class_instructor`, e.g. a teacher of the LMS course). */
export const teaches = (userId: string) =>
	or(
		eq(classroom.instructorId, userId),
		exists(
			sql`(select 1 from ${classInstructor} where ${classInstructor.classId} = ${classroom.id} and ${classInstructor.userId} = ${userId})`
		)
	);

const classTarget = (id: string, name: string) => ({ type: 'class' as const, id, label: name });

/** A new join code (the old one stops working), recorded in the audit trail. */
export async function regenerateJoinCode(db: Db, classId: string, actor: Actor): Promise<string> {
	return withUniqueCode(async (joinCode) => {
		try {
			return await db.transaction(async (tx) => {
				const [klass] = await tx
					.update(classroom)
					.set({ joinCode })
					.where(eq(classroom.id, classId))
					.returning({ name: classroom.name });
				if (klass)
					await audit(tx, actor, 'class.regenerate_code', classTarget(classId, klass.name));
				return joinCode;
			});
		} catch {
			return undefined; // taken: try another
		}
	});
}

export async function setArchived(db: Db, classId: string, archived: boolean, actor: Actor) {
	await db.transaction(async (tx) => {
		const [klass] = await tx
			.update(classroom)
			.set({ archivedAt: archived ? new Date() : null })
			.where(
				and(
					eq(classroom.id, classId),
					archived ? isNull(classroom.archivedAt) : isNotNull(classroom.archivedAt)
				)
			)
			.returning({ name: classroom.name });
		if (klass) {
			const action = archived ? 'class.archive' : 'class.unarchive';
			await audit(tx, actor, action, classTarget(classId, klass.name));
		}
	});
}

export async function renameClass(db: Db, classId: string, name: string) {
	await db.update(classroom).set({ name: name.trim() }).where(eq(classroom.id, classId));
}

/** The instructor's classes (an admin's list holds every class), with their learner counts. */
export async function listClasses(db: Db, viewer: SessionUser) {
	const learners = sql<number>`(select count(*)::int from ${enrollment} where ${enrollment.classId} = ${classroom.id})`;
	return db
		.select({
			id: classroom.id,
			name: classroom.name,
			joinCode: classroom.joinCode,
			createdAt: classroom.createdAt,
			archivedAt: classroom.archivedAt,
			instructor: user.name,
			learners
		})
		.from(classroom)
		.innerJoin(user, eq(user.id, classroom.instructorId))
		.where(viewer.role === 'admin' ? undefined : teaches(viewer.id))
		.orderBy(asc(classroom.archivedAt), desc(classroom.createdAt));
}

/** The class if `viewer` may see it (its instructor, a co-instructor, or an admin); otherwise undefined → 404. */
export async function classForViewer(db: Db, classId: string, viewer: SessionUser) {
	const [row] = await db
		.select()
		.from(classroom)
		.where(
			viewer.role === 'admin'
				? eq(classroom.id, classId)
				: and(eq(classroom.id, classId), teaches(viewer.id))
		);
	return row;
}

export async function findClassByCode(db: Db, code: string) {
	const [row] = await db
		.select()
		.from(classroom)
		.where(eq(classroom.joinCode, normalizeJoinCode(code)));
	return row;
}

export type JoinResult = 'joined' | 'already' | 'not_found' | 'archived';

export async function joinClass(
	db: Db,
	code: string,
	userId: string
): Promise<{ result: JoinResult; klass?: Classroom }> {
	const klass = await findClassByCode(db, code);
	if (!klass) return { result: 'not_found' };
	if (klass.archivedAt) return { result: 'archived', klass };
	const joined = await db.transaction(async (tx) => {
		const inserted = await tx
			.insert(enrollment)
			.values({ classId: klass.id, userId })
			.onConflictDoNothing()
			.returning({ userId: enrollment.userId });
		if (inserted.length) await addLearner(tx, klass.id, userId);
		return inserted.length > 0;
	});
	return { result: joined ? 'joined' : 'already', klass };
}

export async function removeLearner(db: Db, classId: string, userId: string, actor: Actor) {
	await db.transaction(async (tx) => {
		// Taken away while the enrollment still says which class the attempts counted for.
		await addLearner(tx, classId, userId, -1);
		const removed = await tx
			.delete(enrollment)
			.where(and(eq(enrollment.classId, classId), eq(enrollment.userId, userId)))
			.returning({ userId: enrollment.userId });
		if (removed.length === 0) return;
		const [klass] = await tx
			.select({ name: classroom.name })
			.from(classroom)
			.where(eq(classroom.id, classId));
		const [learner] = await tx
			.select({ name: user.name, email: user.email })
			.from(user)
			.where(eq(user.id, userId));
		await audit(tx, actor, 'class.remove_learner', classTarget(classId, klass?.name ?? classId), {
			learner: learner ? `${learner.name} <${learner.email}>` : userId,
			learnerId: userId
		});
	});
}

export async function isEnrolled(db: Db, classId: string, userId: string) {
	const rows = await db
		.select({ userId: enrollment.userId })
		.from(enrollment)
		.where(and(eq(enrollment.classId, classId), eq(enrollment.userId, userId)));
	return rows.length > 0;
}

/** Classes a learner is in (for /learn). */
export async function classesOfLearner(db: Db, userId: string) {
	return db
		.select({
			id: classroom.id,
			name: classroom.name,
			instructor: user.name,
			archivedAt: classroom.archivedAt
		})
		.from(enrollment)
		.innerJoin(classroom, eq(classroom.id, enrollment.classId))
		.innerJoin(user, eq(user.id, classroom.instructorId))
		.where(and(eq(enrollment.userId, userId), isNull(classroom.archivedAt)));
}
