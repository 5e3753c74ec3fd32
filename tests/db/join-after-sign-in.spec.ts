import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterSignIn } from '../../src/lib/server/auth/after-sign-in';
import { limits, take } from '../../src/lib/server/auth/throttle';
import { createClass, isEnrolled } from '../../src/lib/server/classes';
import { createUser } from '../../src/lib/server/users';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

describe.each(drivers)('joining through a sign-in link (L1, L7) on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());

	let n = 0;
	const person = async (role: 'learner' | 'instructor' = 'learner') => {
		n++;
		const u = (await createUser(t.db, {
			email: `p${n}@example.org`,
			name: `Person ${n}`,
			password: 'a-long-enough-password',
			role,
			emailVerified: true
		}))!;
		return { id: u.id, role };
	};

	it('joins only after a yes, and lands on the join page (which asks) without it', async () => {
		const teacher = await person('instructor');
		const klass = await createClass(t.db, teacher.id, 'Klasse 3a');
		const learner = await person();
		const next = `/join/${klass.joinCode}`;
		expect(await afterSignIn(t.db, learner, next, { ip: '10.0.0.1', confirmed: false })).toBe(next);
		expect(await isEnrolled(t.db, klass.id, learner.id)).toBe(false);
		expect(await afterSignIn(t.db, learner, next, { ip: '10.0.0.1', confirmed: true })).toBe(
			`${next}?joined=1`
		);
		expect(await isEnrolled(t.db, klass.id, learner.id)).toBe(true);
	});

	it('counts against the join limit of the client: past it, a sign-in joins nothing', async () => {
		const teacher = await person('instructor');
		const klass = await createClass(t.db, teacher.id, 'Klasse 3b');
		const learner = await person();
		const ip = '10.0.0.2';
		for (let i = 0; i < limits.joinPerIp.max; i++) await take(t.db, limits.joinPerIp, ip);
		const next = `/join/${klass.joinCode}`;
		expect(await afterSignIn(t.db, learner, next, { ip, confirmed: true })).toBe(next);
		expect(await isEnrolled(t.db, klass.id, learner.id)).toBe(false);
		// Another client is not affected.
		expect(await afterSignIn(t.db, learner, next, { ip: '10.0.0.3', confirmed: true })).toBe(
			`${next}?joined=1`
		);
	});
});
