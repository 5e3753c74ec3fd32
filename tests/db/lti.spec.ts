import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeLogin, startLogin } from '../../src/lib/server/lti/login';
import { registerPlatform } from '../../src/lib/server/lti/registrations';
import { rotateToolKey, toolJwks, toolSigningKey } from '../../src/lib/server/lti/keys';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

describe.each(drivers)('LTI login steps and keys on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(kind);
	});
	afterAll(() => t.destroy());
	const cli = { id: null, name: 'test' };

	it('consumes a login step once, also under parallel launches', async () => {
		await registerPlatform(t.db, cli, {
			name: 'LMS',
			issuer: 'https://lms.example',
			clientId: 'c1',
			authUrl: 'https://lms.example/auth',
			tokenUrl: 'https://lms.example/token',
			jwksUrl: 'https://lms.example/jwks',
			deploymentIds: ['d1']
		});
		const start = await startLogin(
			{ iss: 'https://lms.example', login_hint: 'u', target_link_uri: 'http://localhost/learn' },
			'http://localhost',
			t.db
		);
		expect(start.ok).toBe(true);
		if (!start.ok) return;
		const results = await Promise.all(
			Array.from({ length: 6 }, () => consumeLogin(start.state, t.db))
		);
		expect(results.filter(Boolean)).toHaveLength(1);
		const wrongDeployment = await startLogin(
			{
				iss: 'https://lms.example',
				login_hint: 'u',
				target_link_uri: 'http://localhost/learn',
				lti_deployment_id: 'd9'
			},
			'http://localhost',
			t.db
		);
		expect(wrongDeployment).toEqual({ ok: false, code: 'deployment' });
	});

	it('keeps a retired key in the JWKS for an hour after rotation', async () => {
		const first = await toolSigningKey(t.db);
		const { kid } = await rotateToolKey(t.db, cli);
		const kids = (await toolJwks(t.db)).keys.map((k) => k.kid);
		expect(kids).toEqual(expect.arrayContaining([first.kid, kid]));
		const later = new Date(Date.now() + 61 * 60 * 1000);
		expect((await toolJwks(t.db, later)).keys.map((k) => k.kid)).toEqual([kid]);
	});
});
