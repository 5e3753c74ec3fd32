import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	deleteAccount,
	deleteOwnAccount,
	deletionBlockers,
	DELETED_LABEL,
	ERASED_NAME
} from '../../src/lib/server/account/delete';
import { exportPersonalData } from '../../src/lib/server/account/export';
import { rows } from '../../src/lib/server/db/rows';
import { searchAudit } from '../../src/lib/server/audit';
import { limits, take } from '../../src/lib/server/auth/throttle';
import { createSession } from '../../src/lib/server/auth/session';
import { findCertificate, revokedStatusIndexes } from '../../src/lib/server/certificates/issue';
import { createClass, joinClass, removeLearner, setArchived } from '../../src/lib/server/classes';
import {
	attemptAnswer,
	auditEvent,
	certificate,
	classroom,
	enrollment,
	lessonProgress,
	quizAttempt,
	session,
	throttle,
	user
} from '../../src/lib/server/db/schema';
import { createAttempt, questionsOf, submitAttempt } from '../../src/lib/server/progress';
import { gradeQuiz } from '../../src/lib/server/quiz/grade';
import type { Quiz } from '../../src/lib/server/quiz/types';
import { createUser, setDisabled, setRole } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const password = 'a-long-password-1';
const choiceQuiz: Quiz = {
	version: 'c1',
	draw: 1,
	questions: [
		{
			id: 'hv',
			type: 'single',
			source: '1',
			section: 'intro',
			prompt: { de: 'Welcher Typ?', en: 'Which type?' },
			explanation: { de: 'Weil.', en: 'Because.' },
			hint: { de: 'Lies nach.', en: 'Read again.' },
			options: [
				{ id: 'a', text: { de: 'Typ 1', en: 'Type 1' }, correct: true },
				{ id: 'b', text: { de: 'Typ 2', en: 'Type 2' }, correct: false }
			]
		}
	]
};

describe.each(drivers)('GDPR self-service on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	const person = async (email: string, name: string) =>
		(await createUser(t.db, { email, name, password }))!;
	const course = { lessons: ['one', 'two'], locale: 'de' as const };

	/** Passes lesson one (true/false), fails then passes lesson two (single choice), earns the certificate. */
	async function learnerWithHistory(email: string, name: string) {
		const p = await person(email, name);
		await takeQuiz(t.db, {
			userId: p.id,
			lesson: 'one',
			quiz: trueFalseQuiz(2),
			right: () => true
		});
		for (const option of ['b', 'a']) {
			const attempt = await createAttempt(t.db, p.id, 'two', choiceQuiz);
			const questions = questionsOf(attempt, choiceQuiz)!;
			const responses = { hv: { type: 'single' as const, option } };
			await submitAttempt(t.db, {
				attempt,
				questions,
				responses,
				grade: gradeQuiz(questions, responses, 80),
				passPercent: 80,
				course
			});
		}
		return p;
	}

	it('exports only the own data, answers as texts, no secrets', async () => {
		const ada = await learnerWithHistory('ada@example.com', 'Ada Lovelace');
		const other = await learnerWithHistory('bob@example.com', 'Bob Other');
		const teacher = await person('tina@example.com', 'Tina Teacher');
		const klass = await createClass(t.db, teacher.id, 'Klasse 9a');
		await joinClass(t.db, klass.joinCode, ada.id);
		await joinClass(t.db, klass.joinCode, other.id);
		await createSession(t.db, 'a'.repeat(32), ada.id);

		const data = (await exportPersonalData(t.db, ada.id, {
			locale: 'en',
			origin: 'https://lernpfad.example.org',
			lessonTitles: new Map([['two', 'Hypervisors']])
		}))!;
		expect(data.profile).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
		expect(data.progress.map((p) => [p.lesson, p.attempts, !!p.passedAt])).toEqual([
			['one', 1, true],
			['two', 2, true]
		]);
		const two = data.attempts.filter((a) => a.lesson === 'two');
		expect(two.map((a) => [a.title, a.passed])).toEqual([
			['Hypervisors', false],
			['Hypervisors', true]
		]);
		expect(two[0].questions[0]).toMatchObject({
			prompt: 'Which type?',
			correct: false,
			answer: { type: 'choices', texts: ['Type 2'] },
			// Lesson passed since: the key is shown, as on the result page.
			solution: { type: 'choices', texts: ['Type 1'] }
		});
		expect(data.certificate).toMatchObject({ nameOnCertificate: 'Ada Lovelace', revokedAt: null });
		expect(data.certificate!.url).toBe(
			`https://lernpfad.example.org/certificates/${data.certificate!.code}`
		);
		expect(data.classes).toEqual([
			expect.objectContaining({ name: 'Klasse 9a', instructor: 'Tina Teacher' })
		]);

		const text = JSON.stringify(data);
		const [row] = await t.db.select().from(user).where(eq(user.id, ada.id));
		const attempts = await t.db.select().from(quizAttempt).where(eq(quizAttempt.userId, ada.id));
		const [cert] = await t.db.select().from(certificate).where(eq(certificate.userId, ada.id));
		for (const secret of [
			row.passwordHash,
			row.id,
			...attempts.flatMap((a) => [a.id, a.secret]),
			String(cert.statusIndex),
			klass.joinCode,
			'bob@example.com',
			'Bob Other'
		]) {
			expect(text).not.toContain(secret);
		}
		expect(text).not.toMatch(/"(id|option|passwordHash|secret|seed|statusIndex)"/);

		// A lesson not yet passed: no key, no explanation in the export either.
		const carl = await person('carl@example.com', 'Carl');
		const attempt = await createAttempt(t.db, carl.id, 'two', choiceQuiz);
		const questions = questionsOf(attempt, choiceQuiz)!;
		const responses = { hv: { type: 'single' as const, option: 'b' } };
		const grade = gradeQuiz(questions, responses, 80);
		await submitAttempt(t.db, { attempt, questions, responses, grade, passPercent: 80 });
		const carls = (await exportPersonalData(t.db, carl.id, { locale: 'de', origin: '' }))!;
		expect(carls.attempts[0].questions[0]).toMatchObject({
			prompt: 'Welcher Typ?',
			hint: 'Lies nach.'
		});
		expect(JSON.stringify(carls)).not.toMatch(/Typ 1|Weil/);
		expect(await exportPersonalData(t.db, 'nobody', { locale: 'de', origin: '' })).toBeUndefined();
	});

	it('deletes everything of the person; the certificate stays verifiable, detached', async () => {
		const eve = await learnerWithHistory('eve@example.com', 'Eve Example');
		const admin = await person('root@example.com', 'Rita Root');
		await t.db.update(user).set({ role: 'admin' }).where(eq(user.id, admin.id));
		const rita = { id: admin.id, name: admin.name };
		await setDisabled(t.db, eve.id, true, rita);
		await setDisabled(t.db, eve.id, false, rita);
		const teacher = await person('tim@example.com', 'Tim Teacher');
		const klass = await createClass(t.db, teacher.id, 'Klasse 7');
		await joinClass(t.db, klass.joinCode, eve.id);
		await removeLearner(t.db, klass.id, eve.id, { id: teacher.id, name: teacher.name });
		await joinClass(t.db, klass.joinCode, eve.id);
		await createSession(t.db, 'b'.repeat(32), eve.id);
		await take(t.db, limits.loginPerAccountIp, 'eve@example.com|198.51.100.1');
		await take(t.db, limits.loginPerAccount, 'eve@example.com');
		const [cert] = await t.db.select().from(certificate).where(eq(certificate.userId, eve.id));
		const attemptIds = (
			await t.db.select().from(quizAttempt).where(eq(quizAttempt.userId, eve.id))
		).map((a) => a.id);

		expect(await deleteAccount(t.db, eve.id, { revokeCertificate: false })).toEqual({
			kind: 'deleted',
			certificate: 'kept'
		});
		for (const [table, column] of [
			[session, session.userId],
			[lessonProgress, lessonProgress.userId],
			[quizAttempt, quizAttempt.userId],
			[enrollment, enrollment.userId],
			[user, user.id]
		] as const) {
			expect(await t.db.select().from(table).where(eq(column, eve.id))).toEqual([]);
		}
		const answers = await t.db.select().from(attemptAnswer);
		expect(answers.filter((a) => attemptIds.includes(a.attemptId))).toEqual([]);
		const throttles = await t.db.select().from(throttle);
		expect(throttles.filter((r) => r.key.includes('eve@example.com'))).toEqual([]);

		const kept = (await findCertificate(t.db, cert.code))!;
		expect(kept).toMatchObject({ userId: null, nameOnCertificate: 'Eve Example', revokedAt: null });

		// The trail keeps the facts under the opaque id; no name or e-mail of Eve is left in it.
		const events = await searchAudit(t.db, '', 100);
		const trail = JSON.stringify(events);
		expect(trail).not.toMatch(/eve@example\.com|Eve Example/);
		expect(events.filter((e) => e.targetId === eve.id).map((e) => e.action)).toEqual([
			'user.delete',
			'user.enable',
			'user.disable'
		]);
		expect(events[0]).toMatchObject({
			actorId: eve.id,
			actorName: DELETED_LABEL,
			targetLabel: DELETED_LABEL,
			details: { role: 'learner', certificate: 'kept', code: cert.code }
		});
		const removal = events.find((e) => e.action === 'class.remove_learner')!;
		expect(removal).toMatchObject({ actorName: 'Tim Teacher', targetLabel: 'Klasse 7' });
		expect(removal.details).toEqual({ learner: DELETED_LABEL, learnerId: eve.id });
		// Still append-only outside an erasure, and inside one only the labels may change.
		await expect(
			t.db.update(auditEvent).set({ actorName: 'x' }).where(eq(auditEvent.id, removal.id))
		).rejects.toThrow();
		const inErasure = (change: (tx: typeof t.db) => Promise<unknown>) =>
			t.db.transaction(async (tx) => {
				await tx.execute(sql`select set_config('lernpfad.audit_erasure', 'on', true)`);
				await change(tx);
			});
		for (const change of [
			{ action: 'user.enable' as const },
			{ targetId: 'someone-else' },
			{ details: { learner: 'x', learnerId: 'someone-else' } }
		]) {
			await expect(
				inErasure((tx) => tx.update(auditEvent).set(change).where(eq(auditEvent.id, removal.id)))
			).rejects.toThrow();
		}
		await expect(
			inErasure((tx) => tx.delete(auditEvent).where(eq(auditEvent.id, removal.id)))
		).rejects.toThrow();
		expect((await searchAudit(t.db, '', 100)).find((e) => e.id === removal.id)).toEqual(removal);

		// The e-mail can register again, as a new person.
		const again = await person('eve@example.com', 'Eve Again');
		expect(again.id).not.toBe(eve.id);
	});

	it('revokes the certificate on request: reason "deleted by holder", name erased, bit set', async () => {
		const fay = await learnerWithHistory('fay@example.com', 'Fay Fischer');
		const [cert] = await t.db.select().from(certificate).where(eq(certificate.userId, fay.id));
		expect(await deleteAccount(t.db, fay.id, { revokeCertificate: true })).toEqual({
			kind: 'deleted',
			certificate: 'revoked'
		});
		const revoked = (await findCertificate(t.db, cert.code))!;
		expect(revoked).toMatchObject({
			userId: null,
			nameOnCertificate: ERASED_NAME,
			revokedReason: 'deleted by holder'
		});
		expect(revoked.revokedAt).toBeInstanceOf(Date);
		expect(await revokedStatusIndexes(t.db)).toContain(cert.statusIndex);
		const events = await searchAudit(t.db, cert.code);
		expect(events.map((e) => [e.action, e.actorName, e.targetLabel])).toEqual([
			['user.delete', DELETED_LABEL, DELETED_LABEL],
			['certificate.revoke', DELETED_LABEL, `(${cert.code})`]
		]);
		expect(JSON.stringify(await searchAudit(t.db, '', 100))).not.toMatch(/Fay Fischer|fay@/);
	});

	it('refuses the last admin and an instructor with active classes; archived classes go along', async () => {
		const boss = await person('boss@example.com', 'Boss');
		await t.db.update(user).set({ role: 'admin' }).where(eq(user.id, boss.id));
		const admins = await t.db.select().from(user).where(eq(user.role, 'admin'));
		for (const a of admins.filter((a) => a.id !== boss.id)) {
			await deleteAccount(t.db, a.id, { revokeCertificate: false });
		}
		expect(await deleteAccount(t.db, boss.id, { revokeCertificate: false })).toMatchObject({
			kind: 'blocked',
			lastAdmin: true
		});
		const deputy = await person('deputy@example.com', 'Deputy');
		await setRole(t.db, deputy.id, 'admin', { id: boss.id, name: boss.name });
		// Two admins leaving at once: one of them must stay.
		const both = await Promise.all(
			[boss, deputy].map((a) => deleteAccount(t.db, a.id, { revokeCertificate: false }))
		);
		expect(both.map((r) => r.kind).sort()).toEqual(['blocked', 'deleted']);

		const tutor = await person('tutor@example.com', 'Tutor');
		const pupil = await person('pupil@example.com', 'Pupil');
		const active = await createClass(t.db, tutor.id, 'Aktiv');
		const old = await createClass(t.db, tutor.id, 'Alt');
		await joinClass(t.db, old.joinCode, pupil.id);
		await setArchived(t.db, old.id, true, { id: tutor.id, name: tutor.name });
		expect(await deletionBlockers(t.db, tutor.id)).toEqual({
			lastAdmin: false,
			activeClasses: ['Aktiv']
		});
		expect(await deleteAccount(t.db, tutor.id, { revokeCertificate: false })).toMatchObject({
			kind: 'blocked',
			activeClasses: ['Aktiv']
		});
		await setArchived(t.db, active.id, true, { id: tutor.id, name: tutor.name });
		expect((await deleteAccount(t.db, tutor.id, { revokeCertificate: false })).kind).toBe(
			'deleted'
		);
		expect(await t.db.select().from(classroom).where(eq(classroom.instructorId, tutor.id))).toEqual(
			[]
		);
		expect(await t.db.select().from(user).where(eq(user.id, pupil.id))).toHaveLength(1);
	});

	it('asks for the password, throttled like a sign-in', async () => {
		const gus = await person('gus@example.com', 'Gus');
		const ip = '198.51.100.7';
		const wrong = { userId: gus.id, password: 'wrong-password', ip, revokeCertificate: false };
		for (let i = 0; i < 10; i++) {
			expect((await deleteOwnAccount(t.db, wrong)).kind).toBe('wrong_password');
		}
		const throttled = await deleteOwnAccount(t.db, { ...wrong, password });
		expect(throttled.kind).toBe('throttled');
		expect(await t.db.select().from(user).where(eq(user.id, gus.id))).toHaveLength(1);
		// From elsewhere, with the right password, it goes through.
		const done = await deleteOwnAccount(t.db, { ...wrong, password, ip: '198.51.100.8' });
		expect(done).toEqual({ kind: 'deleted', certificate: 'none' });
		expect((await deleteOwnAccount(t.db, { ...wrong, password })).kind).toBe('not_found');
		const left = await rows<{ key: string }>(
			t.db,
			sql`select key from throttle where key like '%gus@%'`
		);
		expect(left).toEqual([]);
	});
});
