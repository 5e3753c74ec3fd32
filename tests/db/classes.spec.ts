import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	JOIN_CODE,
	classForViewer,
	createClass,
	generateJoinCode,
	joinClass,
	listClasses,
	normalizeJoinCode,
	regenerateJoinCode,
	removeLearner,
	setArchived
} from '../../src/lib/server/classes';
import {
	classLearnerIds,
	classLearners,
	learnerSummaries,
	lessonSummaries,
	pointBiserial,
	progressRead,
	classQuestionStats,
	questionStats,
	repeatedFailures,
	type ProgressRead
} from '../../src/lib/server/reports';
import { recordOpen } from '../../src/lib/server/progress';
import { classRetention } from '../../src/lib/server/review/retention';
import { createUser } from '../../src/lib/server/users';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const quiz = trueFalseQuiz(3);
/** Right or wrong by question id, whatever order the attempt drew them in. */
const byId = (right: boolean[]) => (q: { id: string }) => right[Number(q.id.slice(1)) - 1];

describe('join codes', () => {
	it('are 8 characters without look-alikes, and typing is forgiving', () => {
		for (let i = 0; i < 200; i++) expect(generateJoinCode()).toMatch(JOIN_CODE);
		expect(generateJoinCode()).not.toMatch(/[0O1IL5S2Z8B]/);
		expect(normalizeJoinCode(' acde-fghj ')).toBe('ACDEFGHJ');
	});
});

describe('point-biserial', () => {
	it('is null when the item or the score does not vary', () => {
		expect(pointBiserial(4, 4, 2, 2, 1.5)).toBeNull();
		expect(pointBiserial(1, 1, 1, 1, 1)).toBeNull();
	});
});

describe.each(drivers)('classes and statistics on %s', (kind) => {
	let t: TestDatabase;
	let teacher: SessionUser;
	let otherTeacher: SessionUser;
	let admin: SessionUser;
	const learners: Record<string, string> = {};
	let classId: string;

	const asViewer = (u: {
		id: string;
		email: string;
		name: string;
		role: 'learner' | 'instructor' | 'admin';
	}): SessionUser => ({
		id: u.id,
		email: u.email,
		name: u.name,
		role: u.role,
		locale: null,
		emailVerifiedAt: null
	});

	beforeAll(async () => {
		t = await freshDatabase(kind);
		const mk = async (email: string, role: 'learner' | 'instructor' | 'admin') =>
			(await createUser(t.db, {
				email,
				name: email.split('@')[0],
				password: 'a-good-password',
				role
			}))!;
		teacher = asViewer(await mk('teacher@example.com', 'instructor'));
		otherTeacher = asViewer(await mk('other@example.com', 'instructor'));
		admin = asViewer(await mk('admin@example.com', 'admin'));
		for (const name of ['A', 'B', 'C', 'D'])
			learners[name] = (await mk(`${name.toLowerCase()}@example.com`, 'learner')).id;
	});
	afterAll(() => t.destroy());

	it('creates a class, lets learners join once by code, and hides it from other instructors', async () => {
		const klass = await createClass(t.db, teacher.id, '  Klasse 3a ');
		classId = klass.id;
		expect(klass.name).toBe('Klasse 3a');
		expect(klass.joinCode).toMatch(JOIN_CODE);
		for (const id of Object.values(learners)) {
			expect((await joinClass(t.db, klass.joinCode.toLowerCase(), id)).result).toBe('joined');
		}
		expect((await joinClass(t.db, klass.joinCode, learners.A)).result).toBe('already');
		expect((await joinClass(t.db, 'XXXXXXXX', learners.A)).result).toBe('not_found');

		expect(await classForViewer(t.db, klass.id, teacher)).toBeDefined();
		expect(await classForViewer(t.db, klass.id, admin)).toBeDefined();
		expect(await classForViewer(t.db, klass.id, otherTeacher)).toBeUndefined();
		expect((await listClasses(t.db, otherTeacher)).map((c) => c.id)).not.toContain(klass.id);
		expect((await listClasses(t.db, teacher)).find((c) => c.id === klass.id)?.learners).toBe(4);
	});

	it('regenerates the code (the old one stops working) and refuses joins while archived', async () => {
		const klass = await createClass(t.db, teacher.id, 'Temp');
		const old = klass.joinCode;
		const fresh = await regenerateJoinCode(t.db, klass.id, teacher);
		expect(fresh).not.toBe(old);
		expect((await joinClass(t.db, old, learners.A)).result).toBe('not_found');
		await setArchived(t.db, klass.id, true, teacher);
		expect((await joinClass(t.db, fresh, learners.A)).result).toBe('archived');
		await setArchived(t.db, klass.id, false, teacher);
		expect((await joinClass(t.db, fresh, learners.A)).result).toBe('joined');
		await removeLearner(t.db, klass.id, learners.A, teacher);
		expect((await listClasses(t.db, teacher)).find((c) => c.id === klass.id)?.learners).toBe(0);
	});

	it('computes facility and discrimination as worked out by hand', async () => {
		// Attempts (✓ = right): A1 ✓✓✓, B1 ✓✗✗, C1 ✗✓✗, C2 ✓✓✓, D1 ✗✗✗.
		const plan: [string, boolean[], string][] = [
			['A', [true, true, true], '2026-03-01T10:00:00Z'],
			['B', [true, false, false], '2026-03-01T10:01:00Z'],
			['C', [false, true, false], '2026-03-01T10:02:00Z'],
			['C', [true, true, true], '2026-03-02T10:00:00Z'],
			['D', [false, false, false], '2026-03-01T10:03:00Z']
		];
		for (const [who, right, at] of plan) {
			await takeQuiz(t.db, {
				userId: learners[who],
				lesson: 'L',
				quiz,
				right: byId(right),
				now: new Date(at)
			});
		}
		const stats = new Map((await questionStats(t.db, classId)).map((s) => [s.questionId, s]));
		expect(stats.get('q1')).toMatchObject({ shown: 5, firstAttempts: 4, facility: 0.5 });
		expect(stats.get('q2')?.facility).toBe(0.5);
		expect(stats.get('q3')?.facility).toBe(0.25);
		// q1: x = [1,1,0,1,0], rest score y = [1,0,0.5,1,0] → r = 2.5 / √30.
		expect(stats.get('q1')?.discrimination).toBeCloseTo(2.5 / Math.sqrt(30), 10);
		// Wrong answers to q3 (B1, C1, D1) were all "false".
		expect(stats.get('q3')?.wrongChoices).toEqual({ false: 3 });

		const summary = (await lessonSummaries(t.db, classId)).find((s) => s.lesson === 'L')!;
		// Best percents: A 100, B 33, C 100, D 0 → mean 58.25 → 58.
		expect(summary).toEqual({ lesson: 'L', read: 4, tried: 4, passed: 2, averageBest: 58 });
	});

	it('keeps the item statistics as running sums that match the computation from scratch', async () => {
		const byQuestion = async () =>
			new Map((await classQuestionStats(t.db, classId)).map((s) => [s.questionId, s]));
		const first = await byQuestion();
		for (const s of await questionStats(t.db, classId))
			expect(first.get(s.questionId)).toEqual({
				...s,
				discrimination: expect.closeTo(s.discrimination!, 10)
			});
		await takeQuiz(t.db, {
			userId: learners.A,
			lesson: 'L',
			quiz,
			right: byId([true, true, true]),
			now: new Date('2026-03-03T10:00:00Z')
		});
		const after = await byQuestion();
		expect(after.get('q1')?.shown).toBe(6);
		expect(after.get('q1')?.facility).toBe(0.5);
		expect(after.get('q3')?.wrongChoices).toEqual({ false: 3 });
	});

	it('lists each learner once with their lessons, and who failed twice', async () => {
		const rows = await classLearners(t.db, classId);
		expect(rows).toHaveLength(4);
		const c = rows.find((r) => r.userId === learners.C)!;
		expect(c.lessons.L[0]).toBe(100);
		expect(c.lessons.L[1]).toBe(2);
		expect(c.lessons.L[2]).toBe(true);
		expect(c.passed).toBe(1);
		expect(await repeatedFailures(t.db, classId)).toEqual([]);
		// D fails a second time: now D needs help with lesson L.
		await takeQuiz(t.db, { userId: learners.D, lesson: 'L', quiz, right: () => false });
		expect(await repeatedFailures(t.db, classId)).toEqual([
			{ userId: learners.D, lesson: 'L', fails: 2 }
		]);
	});

	it('reads a class alike learner by learner and joined (the two ways chosen by class size)', async () => {
		const mk = async (name: string) =>
			(await createUser(t.db, {
				email: `${name}@example.com`,
				name,
				password: 'a-good-password',
				role: 'learner'
			}))!.id;
		// In the class: one who never opened a lesson, one who opened L2 without trying its quiz.
		// Outside it: one with progress of their own, which no summary may count.
		const [idle, reader, outsider] = [await mk('e'), await mk('f'), await mk('g')];
		const { joinCode } = (await classForViewer(t.db, classId, teacher))!;
		await joinClass(t.db, joinCode, idle);
		await joinClass(t.db, joinCode, reader);
		await recordOpen(t.db, reader, 'L2');
		await takeQuiz(t.db, { userId: outsider, lesson: 'L', quiz, right: () => true });
		await recordOpen(t.db, outsider, 'L2');

		const readAs = async (read: ProgressRead) => ({
			learners: (await learnerSummaries(t.db, classId, read)).sort((a, b) =>
				a.userId.localeCompare(b.userId)
			),
			lessons: (await lessonSummaries(t.db, classId, read)).sort((a, b) =>
				a.lesson.localeCompare(b.lesson)
			),
			ids: await classLearnerIds(t.db, classId, read),
			retention: (await classRetention(t.db, classId, read)).lessons
		});
		const perLearner = await readAs('per-learner');
		expect(await readAs('joined')).toEqual(perLearner);

		expect(perLearner.ids).toEqual([learners.A, learners.B, learners.C, learners.D, idle, reader]);
		expect(perLearner.learners.find((l) => l.userId === idle)).toMatchObject({
			lastActivity: null,
			passed: 0,
			opened: 0,
			failing: false
		});
		expect(perLearner.learners.find((l) => l.userId === learners.D)?.failing).toBe(true);
		expect(perLearner.lessons).toEqual([
			{ lesson: 'L', read: 4, tried: 4, passed: 2, averageBest: 58 },
			{ lesson: 'L2', read: 1, tried: 0, passed: 0, averageBest: null }
		]);
		expect(perLearner.retention).toEqual([
			expect.objectContaining({ lesson: 'L', quiz: expect.objectContaining({ learners: 4 }) })
		]);
		// Unasked, the choice is made from the database's statistics: whichever, the same rows.
		expect(['per-learner', 'joined']).toContain(await progressRead(t.db, classId));
		expect(
			(await learnerSummaries(t.db, classId)).sort((a, b) => a.userId.localeCompare(b.userId))
		).toEqual(perLearner.learners);
	});
});
