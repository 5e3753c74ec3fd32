import { createServer } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, ltiDeployment, ltiPlatform } from '../../src/lib/server/db/schema';
import {
	clientMetadata,
	registerDynamically,
	RegistrationError
} from '../../src/lib/server/lti/dynamic-registration';
import { startPlatform, type FakePlatform } from '../lti/platform';
import { metadataProblems, registrationControls } from '../lti/platform-registration';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

const TOOL = 'http://localhost:5173';
const names = { en: 'Lernpfad', de: 'Lernpfad' };
const admin = { id: null, name: 'admin' };

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => resolve(port));
		});
	});
}

async function problemOf(run: Promise<unknown>) {
	try {
		await run;
	} catch (e) {
		if (e instanceof RegistrationError) return e.problem;
		throw e;
	}
	return undefined;
}

describe.each(drivers)('Dynamic Registration against the fake platform on %s', (kind) => {
	let t: TestDatabase;
	let p: FakePlatform;
	let configUrl: URL;
	beforeAll(async () => {
		t = await freshDatabase(kind);
		p = await startPlatform({ port: await freePort(), toolOrigin: TOOL });
		configUrl = new URL(`${p.url}/.well-known/openid-configuration`);
	});
	afterAll(async () => {
		await p.close();
		await t.destroy();
	});
	const request = (token: string | undefined) => ({ configUrl, token, origin: TOOL, names });
	const platforms = () => t.db.select().from(ltiPlatform);

	it('sends metadata the platform accepts, with the token, and stores what it answers', async () => {
		const c = registrationControls(p);
		const token = c.issueToken();
		const { platform } = await registerDynamically(t.db, admin, request(token));
		expect(c.configRequests.at(-1)).toEqual({ token });
		expect(p.dynamic).toHaveLength(1);
		expect(p.dynamic[0].token).toBe(token);
		expect(metadataProblems(p.dynamic[0].metadata, TOOL)).toEqual([]);
		expect(platform).toMatchObject({
			issuer: p.issuer,
			clientId: p.clientId,
			authUrl: `${p.url}/auth`,
			tokenUrl: `${p.url}/token`,
			jwksUrl: `${p.url}/jwks`
		});
		const deployments = await t.db
			.select()
			.from(ltiDeployment)
			.where(eq(ltiDeployment.platformId, platform.id));
		expect(deployments.map((d) => d.deploymentId)).toEqual([p.deploymentId]);
		const [event] = await t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.targetId, platform.id));
		expect(event).toMatchObject({ action: 'lti.register' });
		expect(event.details).toMatchObject({
			client_id: p.clientId,
			method: 'dynamic registration'
		});
	});

	it('refuses a second registration of the same client id, and a used token, storing nothing', async () => {
		const c = registrationControls(p);
		expect(await problemOf(registerDynamically(t.db, admin, request(c.issueToken())))).toBe(
			'duplicate'
		);
		expect(await problemOf(registerDynamically(t.db, admin, request(p.dynamic[0].token)))).toBe(
			'config_unreachable'
		);
		expect(await problemOf(registerDynamically(t.db, admin, request(undefined)))).toBe('refused');
		expect(await platforms()).toHaveLength(1);
	});

	it('refuses an issuer on another origin, and a platform it cannot reach', async () => {
		const c = registrationControls(p);
		c.tamper = (config) => {
			config.issuer = 'https://evil.example.org';
		};
		const token = c.issueToken();
		expect(await problemOf(registerDynamically(t.db, admin, request(token)))).toBe('issuer_origin');
		c.tamper = undefined;
		const gone = new URL(`http://127.0.0.1:${await freePort()}/.well-known/openid-configuration`);
		expect(
			await problemOf(registerDynamically(t.db, admin, { ...request(token), configUrl: gone }))
		).toBe('config_unreachable');
		expect(await platforms()).toHaveLength(1);
	});

	it('the fake platform refuses metadata Moodle and Canvas refuse', () => {
		const good = clientMetadata(TOOL, { placements: {} }, names) as Record<string, unknown>;
		expect(metadataProblems(good, TOOL)).toEqual([]);
		const { jwks_uri: _j, ...noJwks } = good;
		expect(metadataProblems(noJwks, TOOL)).toContain('jwks_uri');
		const { initiate_login_uri: _i, ...noLogin } = good;
		expect(metadataProblems(noLogin, TOOL)).toContain('initiate_login_uri');
		expect(metadataProblems({ ...good, redirect_uris: [] }, TOOL)).toContain('redirect_uris');
		const tool = good['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object;
		const { target_link_uri: _t, ...noTarget } = tool as Record<string, unknown>;
		expect(
			metadataProblems(
				{ ...good, 'https://purl.imsglobal.org/spec/lti-tool-configuration': noTarget },
				TOOL
			)
		).toContain('target_link_uri');
	});
});
