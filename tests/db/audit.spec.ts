import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, searchAudit } from '../../src/lib/server/audit';
import type { AuditFilter } from '../../src/lib/server/audit-filter';
import {
	createClass,
	joinClass,
	regenerateJoinCode,
	removeLearner,
	setArchived
} from '../../src/lib/server/classes';
import { auditEvent, mailOutbox, user } from '../../src/lib/server/db/schema';
import { createUser, setDisabled, setRole } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

describe.each(drivers)('the audit trail on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	const person = async (email: string, name: string) =>
		(await createUser(t.db, { email, name, password: 'a-long-password-1' }))!;

	it('records role changes, disabling, class actions with who did what to whom, in order', async () => {
		const admin = await person('root@example.com', 'Rita Root');
		const teacher = await person('teach@example.com', 'Tom Teacher');
		const pupil = await person('pupil@example.com', 'Pia Pupil');
		const rita = { id: admin.id, name: admin.name };
		await t.db.update(user).set({ role: 'admin' }).where(eq(user.id, admin.id));

		await setRole(t.db, teacher.id, 'instructor', rita);
		await setRole(t.db, teacher.id, 'instructor', rita); // no change: nothing to record
		await setDisabled(t.db, pupil.id, true, rita);
		await setDisabled(t.db, pupil.id, false, rita);
		const tom = { id: teacher.id, name: teacher.name };
		const klass = await createClass(t.db, teacher.id, 'Klasse 4b');
		await joinClass(t.db, klass.joinCode, pupil.id);
		await regenerateJoinCode(t.db, klass.id, tom);
		await removeLearner(t.db, klass.id, pupil.id, tom);
		await setArchived(t.db, klass.id, true, tom);

		const events = (await searchAudit(t.db, '')).reverse();
		expect(events.map((e) => [e.actorName, e.action, e.targetLabel])).toEqual([
			['Rita Root', 'user.role', 'Tom Teacher <teach@example.com>'],
			['Rita Root', 'user.disable', 'Pia Pupil <pupil@example.com>'],
			['Rita Root', 'user.enable', 'Pia Pupil <pupil@example.com>'],
			['Tom Teacher', 'class.regenerate_code', 'Klasse 4b'],
			['Tom Teacher', 'class.remove_learner', 'Klasse 4b'],
			['Tom Teacher', 'class.archive', 'Klasse 4b']
		]);
		expect(events[0].details).toEqual({ from: 'learner', to: 'instructor' });
		expect(events[4].details.learner).toBe('Pia Pupil <pupil@example.com>');
		expect((await searchAudit(t.db, 'pia')).map((e) => e.action)).toEqual([
			'class.remove_learner',
			'user.enable',
			'user.disable'
		]);
		const [newest] = await searchAudit(t.db, '', 1);
		expect((await searchAudit(t.db, '', 50, newest.id)).length).toBe(events.length - 1);
	});

	it('tells a disabled learner by mail, in their language, and only when it happens (V27)', async () => {
		const greta = (await createUser(t.db, {
			email: 'greta@example.com',
			name: 'Greta',
			password: 'a-long-password-1',
			locale: 'de'
		}))!;
		const rita = { id: null, name: 'Notice Test' };
		const mails = () => t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, greta.email));
		await setDisabled(t.db, greta.id, true, rita);
		await setDisabled(t.db, greta.id, true, rita); // already disabled: no second mail
		await setDisabled(t.db, greta.id, false, rita); // enabling sends nothing
		const sent = await mails();
		expect(sent.map((m) => [m.kind, m.subject])).toEqual([
			['disabled', 'Dein Konto wurde gesperrt · Lernpfad']
		]);
		expect(sent[0].text).toContain('Hallo Greta,');
		expect(sent[0].text).toContain('Dein Fortschritt bleibt erhalten.');
	});

	it('filters by action and by days in the UI time zone (V20)', async () => {
		const rita = { id: null, name: 'Filter Test' };
		const target = { type: 'class' as const, id: 'c-filter', label: 'Filterklasse' };
		// 23:30 UTC on 1 Dec is 00:30 on 2 Dec in Berlin: the page shows it on the 2nd.
		await audit(t.db, rita, 'class.archive', target, {}, new Date('2026-12-01T23:30:00Z'));
		await audit(t.db, rita, 'class.unarchive', target, {}, new Date('2026-12-02T22:59:00Z'));
		await audit(t.db, rita, 'class.archive', target, {}, new Date('2026-12-02T23:00:00Z'));
		const find = async (filter: Partial<AuditFilter>) =>
			(await searchAudit(t.db, { q: 'Filterklasse', ...filter })).map((e) => e.at.toISOString());

		expect(await find({ from: '2026-12-02', to: '2026-12-02' })).toEqual([
			'2026-12-02T22:59:00.000Z',
			'2026-12-01T23:30:00.000Z'
		]);
		expect(await find({ to: '2026-12-01' })).toEqual([]);
		expect(await find({ from: '2026-12-03' })).toEqual(['2026-12-02T23:00:00.000Z']);
		expect(await find({ action: 'class.archive' })).toEqual([
			'2026-12-02T23:00:00.000Z',
			'2026-12-01T23:30:00.000Z'
		]);
		expect(await find({ action: 'class.archive', to: '2026-12-02' })).toEqual([
			'2026-12-01T23:30:00.000Z'
		]);
		// The filter and paging together: older than the newest archive event.
		const [newest] = await searchAudit(t.db, { q: 'Filterklasse', action: 'class.archive' }, 1);
		const older = await searchAudit(t.db, { q: '', action: 'class.archive' }, 50, newest.id);
		expect(older.every((e) => e.id < newest.id && e.action === 'class.archive')).toBe(true);
		expect(older.length).toBeGreaterThan(0);
	});

	it('is append-only: the database refuses to change or delete an event', async () => {
		const [event] = await searchAudit(t.db, '', 1);
		await expect(
			t.db.update(auditEvent).set({ actorName: 'Nobody' }).where(eq(auditEvent.id, event.id))
		).rejects.toThrow();
		await expect(t.db.delete(auditEvent).where(eq(auditEvent.id, event.id))).rejects.toThrow();
		await expect(t.db.execute(sql`truncate audit_event`)).rejects.toThrow();
		expect((await searchAudit(t.db, '', 1))[0]).toEqual(event);
	});
});
