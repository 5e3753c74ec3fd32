import type { Db } from './db';
import type { Course } from './content/load';
import { createClass, joinClass } from './classes';
import { createAttempt, questionsOf, recordOpen, submitAttempt } from './progress';
import { gradeQuiz, type Response } from './quiz/grade';
import { prng } from './quiz/random';
import type { Question } from './quiz/types';
import { countUsers, createUser } from './users';
import { demoPlatform } from './lti/demo-platform';
import { registerPlatform } from './lti/registrations';

export const demoPassword = 'Lernpfad-Demo-2026';
export const demoAccounts = [
	{ email: 'learner@example.com', name: 'Lea Lernend', role: 'learner' },
	{ email: 'instructor@example.com', name: 'Ines Lehrend', role: 'instructor' },
	{ email: 'admin@example.com', name: 'Adam Admin', role: 'admin' }
] as const;

const DAY = 86_400_000;

/** A right or a wrong answer to any question type. */
export function responseFor(q: Question, right: boolean): Response {
	switch (q.type) {
		case 'single':
			return { type: 'single', option: q.options.find((o) => o.correct === right)!.id };
		case 'multiple':
			return {
				type: 'multiple',
				options: right
					? q.options.filter((o) => o.correct).map((o) => o.id)
					: [q.options.find((o) => !o.correct)!.id]
			};
		case 'truefalse':
			return { type: 'truefalse', value: right ? q.answer : !q.answer };
		case 'number':
			return { type: 'number', value: right ? q.answer : q.answer + 7 };
		case 'order':
			return { type: 'order', order: (right ? q.items : [...q.items].reverse()).map((i) => i.id) };
		case 'match':
			return {
				type: 'match',
				pairs: Object.fromEntries(
					q.pairs.map((p, i) => [p.id, right ? p.id : q.pairs[(i + 1) % q.pairs.length].id])
				)
			};
	}
}

interface Plan {
	/** Lessons passed, in order. */
	passed: number;
	/** Failed attempts on the next lesson (2+ = stuck). */
	fails: number;
	/** Days since the last activity. */
	idle: number;
}

// 30 learners: finished, progressing, stuck (failed twice), inactive for over a week, just started.
const names = [
	'Anna Keller',
	'Ben Huber',
	'Chiara Rossi',
	'David Meier',
	'Elif Yılmaz',
	'Felix Schneider',
	'Greta Brunner',
	'Hugo Fischer',
	'Ines Moreau',
	'Jonas Weber',
	'Kim Nguyen',
	'Lara Baumann',
	'Marco Bianchi',
	'Nora Frei',
	'Oskar Lehmann',
	'Paula Gerber',
	'Quentin Dubois',
	'Rahel Tesfaye',
	'Sven Lindqvist',
	'Tara Okafor',
	'Urs Zimmermann',
	'Vera Novák',
	'Wanja Koch',
	'Xenia Petrova',
	'Yusuf Demir',
	'Zoë Müller',
	'Amir Haddad',
	'Bea Steiner',
	'Cem Arslan',
	'Dana Wolf'
];
const plans: Plan[] = [
	...Array.from({ length: 5 }, (_, i) => ({ passed: 9, fails: 0, idle: 1 + i })),
	...Array.from({ length: 8 }, (_, i) => ({ passed: 2 + (i % 5), fails: i % 2, idle: i % 4 })),
	...Array.from({ length: 5 }, (_, i) => ({ passed: 1 + i, fails: 2 + (i % 2), idle: 1 + i })),
	...Array.from({ length: 6 }, (_, i) => ({ passed: 1 + (i % 4), fails: 0, idle: 9 + 2 * i })),
	...Array.from({ length: 6 }, (_, i) => ({ passed: 0, fails: i % 2, idle: i }))
];

async function takeQuiz(
	db: Db,
	course: Course,
	userId: string,
	lessonIndex: number,
	pass: boolean,
	at: Date,
	random: () => number
) {
	const lesson = course.lessons[lessonIndex];
	await recordOpen(db, userId, lesson.slug, at);
	const attempt = await createAttempt(
		db,
		userId,
		lesson.slug,
		lesson.quiz,
		Math.floor(random() * 2 ** 31)
	);
	const questions = questionsOf(attempt, lesson.quiz)!;
	// A pass gets at most one wrong answer; a fail gets two or more.
	const wrong = pass ? (random() < 0.6 ? 0 : 1) : 2 + Math.floor(random() * 3);
	const responses = Object.fromEntries(questions.map((q, i) => [q.id, responseFor(q, i >= wrong)]));
	await submitAttempt(db, {
		attempt,
		questions,
		responses,
		grade: gradeQuiz(questions, responses, course.passPercent),
		passPercent: course.passPercent,
		course: { lessons: course.lessons.map((l) => l.slug), locale: 'de' },
		now: at
	});
}

async function simulate(
	db: Db,
	course: Course,
	userId: string,
	plan: Plan,
	seed: number,
	now: number
) {
	const random = prng(seed);
	const last = now - plan.idle * DAY;
	let t = last - (plan.passed + plan.fails + 1) * DAY;
	for (let i = 0; i < plan.passed; i++) {
		if (random() < 0.3)
			await takeQuiz(db, course, userId, i, false, new Date((t += 3_600_000)), random);
		await takeQuiz(db, course, userId, i, true, new Date((t += DAY)), random);
	}
	const next = Math.min(plan.passed, course.lessons.length - 1);
	if (plan.passed < course.lessons.length) {
		for (let f = 0; f < plan.fails; f++)
			await takeQuiz(
				db,
				course,
				userId,
				next,
				false,
				new Date(last - (plan.fails - f) * 3_600_000),
				random
			);
		await recordOpen(db, userId, course.lessons[next].slug, new Date(last));
	}
}

/** Development only, and only into an empty database: never touches real accounts. */
export async function seedDemo(db: Db, course: Course): Promise<boolean> {
	if ((await countUsers(db)) > 0) return false;
	const ids: Record<string, string> = {};
	for (const account of demoAccounts) {
		ids[account.role] = (await createUser(db, {
			...account,
			password: demoPassword,
			locale: 'de',
			emailVerified: true
		}))!.id;
	}
	const klass = await createClass(db, ids.instructor, 'Demo-Klasse Virtualisierung');
	const now = Date.now();
	await joinClass(db, klass.joinCode, ids.learner);
	await simulate(db, course, ids.learner, { passed: 2, fails: 1, idle: 0 }, 7, now);
	for (const [i, name] of names.entries()) {
		const email = `${name
			.toLowerCase()
			.normalize('NFD')
			.replace(/[^a-z ]/g, '')
			.replace(' ', '.')}@demo.example.com`;
		const learner = (await createUser(db, {
			email,
			name,
			password: demoPassword,
			locale: i % 3 ? 'de' : 'en',
			emailVerified: true
		}))!;
		await joinClass(db, klass.joinCode, learner.id);
		await simulate(db, course, learner.id, plans[i], 1000 + i, now);
	}
	// A demo LMS to launch from (`npm run lti:demo`); its keys are on this machine only (.data).
	await registerPlatform(db, { id: null, name: 'development seed' }, demoPlatform);
	console.log(
		[
			'',
			'  Lernpfad demo accounts (development only), password for all: ' + demoPassword,
			...demoAccounts.map((a) => `    ${a.role.padEnd(11)} ${a.email}`),
			`  The instructor's class "${klass.name}" has 31 learners; join code ${klass.joinCode}.`,
			`  A demo LMS is registered: \`npm run lti:demo\`, then open ${demoPlatform.issuer}/`,
			''
		].join('\n')
	);
	return true;
}
