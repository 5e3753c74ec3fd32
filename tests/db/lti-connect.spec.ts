import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	auditEvent,
	enrollment,
	lessonProgress,
	ltiUser,
	user
} from '../../src/lib/server/db/schema';
import { applyLaunch } from '../../src/lib/server/lti/accounts';
import { CLAIM, type VerifiedLaunch } from '../../src/lib/server/lti/claims';
import { connectAccount, connectBlock } from '../../src/lib/server/lti/connect';
import { registerPlatform, type LtiPlatform } from '../../src/lib/server/lti/registrations';
import { createAttempt, recordOpen } from '../../src/lib/server/progress';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const PASSWORD = 'Hypervisor-Typ-1-und-2';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

describe.each(drivers)('connecting an LMS account to an existing account on %s', (kind) => {
	let t: TestDatabase;
	let platform: LtiPlatform;
	let n = 0;
	beforeAll(async () => {
		t = await freshDatabase(kind);
		platform = await registerPlatform(
			t.db,
			{ id: null, name: 'test' },
			{
				name: 'Test LMS',
				issuer: 'https://lms.example',
				clientId: 'c1',
				authUrl: 'https://lms.example/auth',
				tokenUrl: 'https://lms.example/token',
				jwksUrl: 'https://lms.example/jwks',
				deploymentIds: ['d1']
			}
		);
	});
	afterAll(() => t.destroy());

	/** A learner's launch from the LMS course `ctx` (as verified by launch.ts). */
	const launch = (sub: string, email?: string) =>
		applyLaunch(
			t.db,
			platform,
			{
				platformId: platform.id,
				deploymentId: 'd1',
				messageType: 'LtiResourceLinkRequest',
				claims: {
					iss: platform.issuer,
					aud: 'c1',
					sub,
					exp: 0,
					iat: 0,
					nonce: 'n',
					name: `LMS ${sub}`,
					...(email ? { email } : {}),
					[CLAIM.messageType]: 'LtiResourceLinkRequest',
					[CLAIM.version]: '1.3.0',
					[CLAIM.deploymentId]: 'd1',
					[CLAIM.targetLinkUri]: 'http://localhost/learn/intro',
					[CLAIM.roles]: [LEARNER],
					[CLAIM.resourceLink]: { id: 'rl' },
					[CLAIM.context]: { id: 'ctx', title: 'LMS course' }
				}
			} as VerifiedLaunch,
			{ toolOrigin: 'http://localhost', slugs: ['intro'], neutralName: 'Learner' }
		);
	const local = async () =>
		(await createUser(t.db, {
			email: `local-${++n}@example.com`,
			name: `Local ${n}`,
			password: PASSWORD
		}))!;
	const ip = () => `203.0.113.${++n}`;

	it('links the platform user to the existing account after its password, and never by e-mail alone', async () => {
		const existing = await local();
		// Same e-mail at the LMS: a separate account, the existing one untouched.
		const first = await launch('s-1', existing.email);
		expect(first.userId).not.toBe(existing.id);
		// Shown a lesson: opened, and its quiz drawn (not answered) — no progress yet.
		await recordOpen(t.db, first.userId, 'intro');
		await createAttempt(t.db, first.userId, 'intro', trueFalseQuiz(2));
		expect(await connectBlock(t.db, first.userId)).toBeNull();

		const result = await connectAccount(t.db, {
			userId: first.userId,
			email: existing.email,
			password: PASSWORD,
			ip: ip()
		});
		expect(result).toMatchObject({ kind: 'connected', user: { id: existing.id } });
		const [link] = await t.db.select().from(ltiUser).where(eq(ltiUser.sub, 's-1'));
		expect(link.userId).toBe(existing.id);
		expect(await t.db.select().from(user).where(eq(user.id, first.userId))).toHaveLength(0);
		const classes = await t.db.select().from(enrollment).where(eq(enrollment.userId, existing.id));
		expect(classes.map((c) => c.classId)).toEqual([first.classId]);
		const opened = await t.db
			.select()
			.from(lessonProgress)
			.where(eq(lessonProgress.userId, existing.id));
		expect(opened.map((p) => p.lesson)).toEqual(['intro']);
		const [event] = await t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'lti.connect'));
		expect(event).toMatchObject({ actorId: existing.id, targetId: existing.id });
		expect(event.details).toMatchObject({ platforms: 'Test LMS', lms_user_ids: 's-1' });
		// The next launch of that LMS user opens the existing account.
		expect((await launch('s-1')).userId).toBe(existing.id);
	});

	it('refuses a wrong password and changes nothing', async () => {
		const existing = await local();
		const lms = await launch('s-2');
		const result = await connectAccount(t.db, {
			userId: lms.userId,
			email: existing.email,
			password: 'not-the-password',
			ip: ip()
		});
		expect(result).toEqual({ kind: 'invalid' });
		const [link] = await t.db.select().from(ltiUser).where(eq(ltiUser.sub, 's-2'));
		expect(link.userId).toBe(lms.userId);
	});

	it('is only for an LMS-made account without quiz results', async () => {
		const existing = await local();
		const lms = await launch('s-3');
		await takeQuiz(t.db, {
			userId: lms.userId,
			lesson: 'intro',
			quiz: trueFalseQuiz(2),
			right: () => true
		});
		expect(await connectBlock(t.db, lms.userId)).toBe('progress');
		const input = { email: existing.email, password: PASSWORD, ip: ip() };
		expect(await connectAccount(t.db, { userId: lms.userId, ...input })).toEqual({
			kind: 'blocked',
			reason: 'progress'
		});
		// A local account (with a password, no LMS link) connects nothing.
		const other = await local();
		expect(await connectAccount(t.db, { userId: other.id, ...input })).toEqual({
			kind: 'blocked',
			reason: 'not_lti'
		});
		const [link] = await t.db.select().from(ltiUser).where(eq(ltiUser.sub, 's-3'));
		expect(link.userId).toBe(lms.userId);
	});

	it('refuses an account that already stands for another user of the same platform', async () => {
		const existing = await local();
		const a = await launch('s-4');
		const input = { email: existing.email, password: PASSWORD };
		expect((await connectAccount(t.db, { userId: a.userId, ...input, ip: ip() })).kind).toBe(
			'connected'
		);
		const b = await launch('s-5');
		expect(await connectAccount(t.db, { userId: b.userId, ...input, ip: ip() })).toEqual({
			kind: 'platform_taken'
		});
		const [link] = await t.db.select().from(ltiUser).where(eq(ltiUser.sub, 's-5'));
		expect(link.userId).toBe(b.userId);
	});
});
