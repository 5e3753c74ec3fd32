import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildClassStats } from '../../src/lib/server/class-stats';
import { createClass, joinClass, removeLearner } from '../../src/lib/server/classes';
import { createAttempt, questionsOf, submitAttempt } from '../../src/lib/server/progress';
import { gradeQuiz, type Response } from '../../src/lib/server/quiz/grade';
import type { Question, Quiz } from '../../src/lib/server/quiz/types';
import { classQuestionStats, questionStats, type QuestionStat } from '../../src/lib/server/reports';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { L } from './quiz-fixtures';

const base = { source: '1', section: 's', explanation: L('e'), hint: L('h') };
const options = ['a', 'b', 'c'].map((id) => ({ id, text: L(id), correct: id === 'a' }));
/** One question of every type; each attempt draws four of them. */
const quiz: Quiz = {
	version: 'mixed',
	draw: 4,
	questions: [
		{ ...base, id: 'single', type: 'single', prompt: L('s'), options },
		{
			...base,
			id: 'multi',
			type: 'multiple',
			prompt: L('m'),
			options: options.map((o) => ({ ...o, correct: o.id !== 'c' }))
		},
		{ ...base, id: 'tf', type: 'truefalse', prompt: L('t'), answer: true },
		{ ...base, id: 'num', type: 'number', prompt: L('n'), answer: 3, tolerance: 0 },
		{
			...base,
			id: 'order',
			type: 'order',
			prompt: L('o'),
			items: ['x', 'y', 'z'].map((id) => ({ id, text: L(id) }))
		},
		{
			...base,
			id: 'match',
			type: 'match',
			prompt: L('p'),
			pairs: ['p', 'q', 'r'].map((id) => ({ id, left: L(id), right: L(id.toUpperCase()) }))
		}
	]
};

/** A response from a few random numbers: sometimes right, mostly not. */
function respond(q: Question, r: number[]): Response {
	const pick = <T>(xs: readonly T[], i: number) => xs[r[i % r.length] % xs.length];
	switch (q.type) {
		case 'single':
			return { type: 'single', option: pick(['a', 'b', 'c'], 0) };
		case 'multiple':
			return { type: 'multiple', options: pick([['a', 'b'], ['a'], ['b', 'c'], ['c']], 0) };
		case 'truefalse':
			return { type: 'truefalse', value: pick([true, false], 0) };
		case 'number':
			return { type: 'number', value: pick([3, 4, 7], 0) };
		case 'order':
			return {
				type: 'order',
				order: pick(
					[
						['x', 'y', 'z'],
						['y', 'x', 'z'],
						['z', 'y', 'x']
					],
					0
				)
			};
		case 'match':
			return {
				type: 'match',
				pairs: pick(
					[
						{ p: 'p', q: 'q', r: 'r' },
						{ p: 'q', q: 'p', r: 'r' },
						{ p: 'p', q: 'r', r: '' }
					],
					0
				)
			};
	}
}

const op = fc.oneof(
	fc.record({
		kind: fc.constant('submit' as const),
		who: fc.nat(4),
		lesson: fc.constantFrom('L1', 'L2'),
		answers: fc.array(fc.nat(11), { minLength: 4, maxLength: 4 })
	}),
	fc.record({ kind: fc.constant('join' as const), who: fc.nat(4), klass: fc.nat(1) }),
	fc.record({ kind: fc.constant('remove' as const), who: fc.nat(4), klass: fc.nat(1) })
);

/** Stable order and rounding, so the running sums and the from-scratch figures compare exactly. */
const normal = (stats: QuestionStat[]) =>
	stats
		.filter((s) => s.shown > 0)
		.map((s) => ({
			...s,
			facility: s.facility === null ? null : Number(s.facility.toFixed(9)),
			discrimination: s.discrimination === null ? null : Number(s.discrimination.toFixed(6))
		}))
		.sort((a, b) => `${a.lesson}/${a.questionId}`.localeCompare(`${b.lesson}/${b.questionId}`));

describe.each(drivers)('class statistics kept by the submission on %s', (kind) => {
	let t: TestDatabase;
	let teacherId: string;
	let run = 0;
	beforeAll(async () => {
		t = await freshDatabase(kind);
		teacherId = (await createUser(t.db, {
			email: 'teacher@example.com',
			name: 'Teacher',
			password: 'a-good-password',
			role: 'instructor'
		}))!.id;
	});
	afterAll(() => t.destroy());

	/** A learner account named `key`; its id. */
	const newLearner = async (key: string) =>
		(await createUser(t.db, {
			email: `${key}@example.com`,
			name: key,
			password: 'a-good-password',
			role: 'learner'
		}))!.id;

	it('equal the from-scratch computation after random submissions, joins and removals', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
				run++;
				const classes = [
					await createClass(t.db, teacherId, `A${run}`),
					await createClass(t.db, teacherId, `B${run}`)
				];
				const learners: string[] = [];
				for (let i = 0; i < 5; i++) learners.push(await newLearner(`l${run}-${i}`));
				await joinClass(t.db, classes[0].joinCode, learners[0]);
				let clock = Date.parse('2026-01-01T00:00:00Z');
				for (const o of ops) {
					if (o.kind === 'submit') {
						const attempt = await createAttempt(t.db, learners[o.who], o.lesson, quiz);
						const questions = questionsOf(attempt, quiz)!;
						const responses = Object.fromEntries(
							questions.map((q, i) => [q.id, respond(q, [o.answers[i], o.answers[0] + i])])
						);
						await submitAttempt(t.db, {
							attempt,
							questions,
							responses,
							grade: gradeQuiz(questions, responses, 80),
							passPercent: 80,
							now: new Date((clock += 60_000))
						});
					} else if (o.kind === 'join') {
						await joinClass(t.db, classes[o.klass].joinCode, learners[o.who]);
					} else {
						await removeLearner(t.db, classes[o.klass].id, learners[o.who], {
							id: teacherId,
							name: 'Teacher'
						});
					}
				}
				for (const klass of classes) {
					const kept = normal(await classQuestionStats(t.db, klass.id));
					expect(kept).toEqual(normal(await questionStats(t.db, klass.id)));
					await rebuildClassStats(t.db, klass.id);
					expect(normal(await classQuestionStats(t.db, klass.id))).toEqual(kept);
				}
			}),
			{ numRuns: kind === 'pglite' ? 15 : 25 }
		);
	}, 120_000);

	it('take parallel submissions of one class without deadlocks or lost counts', async () => {
		run++;
		const klass = await createClass(t.db, teacherId, `P${run}`);
		const attempts = [];
		for (let i = 0; i < 12; i++) {
			const learner = await newLearner(`p${run}-${i}`);
			await joinClass(t.db, klass.joinCode, learner);
			attempts.push(await createAttempt(t.db, learner, 'L1', quiz));
		}
		const submitted = await Promise.all(
			attempts.map((attempt, i) => {
				const questions = questionsOf(attempt, quiz)!;
				const responses = Object.fromEntries(
					questions.map((q, j) => [q.id, respond(q, [i + j, i * 3 + j])])
				);
				return submitAttempt(t.db, {
					attempt,
					questions,
					responses,
					grade: gradeQuiz(questions, responses, 80),
					passPercent: 80
				});
			})
		);
		expect(submitted).toEqual(attempts.map(() => true));
		const kept = normal(await classQuestionStats(t.db, klass.id));
		expect(kept.reduce((n, s) => n + s.shown, 0)).toBe(12 * quiz.draw);
		expect(kept).toEqual(normal(await questionStats(t.db, klass.id)));
	});

	it('take a learner away once under parallel removals, and refuse one who is not in the class (L4, L6)', async () => {
		run++;
		const klass = await createClass(t.db, teacherId, `R${run}`);
		const stays = await newLearner(`r${run}-stays`);
		const leaves = await newLearner(`r${run}-leaves`);
		const stranger = await newLearner(`r${run}-stranger`);
		for (const [i, learner] of [stays, leaves].entries()) {
			await joinClass(t.db, klass.joinCode, learner);
			for (const lesson of ['L1', 'L2']) {
				const attempt = await createAttempt(t.db, learner, lesson, quiz);
				const questions = questionsOf(attempt, quiz)!;
				const responses = Object.fromEntries(
					questions.map((q, j) => [q.id, respond(q, [i + j, j * 5 + 1])])
				);
				await submitAttempt(t.db, {
					attempt,
					questions,
					responses,
					grade: gradeQuiz(questions, responses, 80),
					passPercent: 80
				});
			}
		}
		const shown = async () =>
			(await classQuestionStats(t.db, klass.id)).reduce((n, s) => n + s.shown, 0);
		expect(await shown()).toBe(2 * 2 * quiz.draw);
		const teacher = { id: teacherId, name: 'Teacher' };

		// Before the fix, ten parallel removals subtracted the learner's answers up to ten times.
		const removed = await Promise.all(
			Array.from({ length: 10 }, () => removeLearner(t.db, klass.id, leaves, teacher))
		);
		expect(removed.filter(Boolean)).toHaveLength(1);
		expect(await shown()).toBe(2 * quiz.draw);
		expect(normal(await classQuestionStats(t.db, klass.id))).toEqual(
			normal(await questionStats(t.db, klass.id))
		);

		// Someone who was never in the class is not "removed" (the page named any user before).
		expect(await removeLearner(t.db, klass.id, stranger, teacher)).toBe(false);
		expect(await shown()).toBe(2 * quiz.draw);
	});
});
