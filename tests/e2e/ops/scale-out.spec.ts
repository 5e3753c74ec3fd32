import { readFileSync } from 'node:fs';
import { limits } from '../../../src/lib/server/auth/throttle';
import { expect, register, test } from '../fixtures';
import {
	freshPgDatabase,
	needServers,
	startApp,
	stopApp,
	waitForHealth,
	type App
} from './cluster';
import { Learner } from './learner';
import { startNginx } from './nginx';

// E2E_OPS_PORT moves the three ports (e.g. beside another worktree's run).
const opsPort = Number(process.env.E2E_OPS_PORT ?? 4500);
const ports = { nginx: opsPort, a: opsPort + 1, b: opsPort + 2 };
// Both processes serve one public origin: nginx's (links in mail and CSRF checks use it).
const ORIGIN = `http://localhost:${ports.nginx}`;
const migrations = (
	JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as {
		entries: unknown[];
	}
).entries.length;

test('two processes on one PostgreSQL database behind nginx act as one app', async ({
	browser
}) => {
	test.setTimeout(90_000);
	await needServers(test, true);
	const database = await freshPgDatabase('lernpfad_scale');
	const apps: App[] = [];
	let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
	const base = (app: App) => `http://localhost:${app.port}`;
	try {
		await test.step('started at the same moment on an empty database: one migration run, one key', async () => {
			apps.push(startApp(ports.a, { DATABASE_URL: database.url, ORIGIN }));
			apps.push(startApp(ports.b, { DATABASE_URL: database.url, ORIGIN }));
			await Promise.all(apps.map((app) => waitForHealth(app)));
			const applied = await database.sql<{ hash: string; n: number }[]>`
				select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`;
			expect(applied).toHaveLength(migrations);
			expect(applied.every((m) => m.n === 1)).toBe(true);
			const [{ keys }] = await database.sql<{ keys: number }[]>`
				select count(*)::int as keys from signing_key`;
			expect(keys).toBe(1);
			const jwks = await Promise.all(
				apps.map(async (app) => (await fetch(`${base(app)}/.well-known/jwks.json`)).json())
			);
			expect(jwks[0].keys).toHaveLength(1);
			expect(jwks[1]).toEqual(jwks[0]);
		});

		nginx = await startNginx(ports.nginx, [ports.a, ports.b]);
		const [a, b] = apps;

		await test.step('registered through nginx, signed in on each backend', async () => {
			const context = await browser.newContext({ baseURL: nginx!.url });
			const page = await context.newPage();
			const { email } = await register(page, { name: 'Scale Out' });
			await expect(page.locator('header').getByText('Scale Out').first()).toBeAttached();
			const session = (await context.cookies()).find((c) => c.name === 'lernpfad_session');
			expect(session).toBeDefined();
			await context.close();
			const learner = new Learner();
			learner.origin = ORIGIN;
			learner.cookie = `lernpfad_session=${session!.value}`;
			for (const app of apps) {
				const { status, response } = await learner.send(base(app), '/settings');
				expect(status, `signed in on port ${app.port}`).toBe(200);
				expect(await response.text()).toContain(email);
			}
		});

		await test.step('a quiz drawn on one backend, submitted on the other, shown on the first', async () => {
			const learner = new Learner();
			learner.origin = ORIGIN;
			await learner.register(nginx!.url);
			const form = await learner.openQuiz(base(a), 'introduction');
			const submitted = await learner.submit(base(b), 'introduction', form);
			expect(submitted.status).toBe(303);
			expect(submitted.location).toContain(`attempt=${form.get('attempt')}`);
			const result = await learner.send(base(a), submitted.location!.split('#')[0]);
			expect(result.status).toBe(200);
			expect(await result.response.text()).toContain('class="score');
		});

		await test.step('nginx compresses pages for clients that accept gzip', async () => {
			const page = await fetch(`${nginx!.url}/learn/introduction`, {
				headers: { 'accept-encoding': 'gzip' }
			});
			expect(page.headers.get('content-encoding')).toBe('gzip');
			// fetch decompresses: the page arrives whole.
			expect(await page.text()).toContain('</html>');
			const plain = await fetch(`${nginx!.url}/learn/introduction`, {
				headers: { 'accept-encoding': 'identity' }
			});
			expect(plain.headers.get('content-encoding')).toBeNull();
		});

		await test.step('login failures through both backends count toward one limit', async () => {
			const learner = new Learner();
			learner.origin = ORIGIN;
			await learner.register(base(a));
			learner.cookie = '';
			const max = limits.loginPerAccount.max;
			const seen = new Map<number, number>();
			let limited: number | undefined;
			for (let i = 0; i < 2 * max; i++) {
				const app = apps[i % 2];
				const { status } = await learner.login(base(app), 'wrong-password-123');
				if (status === 429) {
					limited = i;
					break;
				}
				expect(status).toBe(400);
				seen.set(app.port, (seen.get(app.port) ?? 0) + 1);
			}
			// Per-process counters would let each backend take `max` failures before refusing.
			expect(limited, 'throttled before either backend alone reached the limit').toBeDefined();
			for (const n of seen.values()) expect(n).toBeLessThan(max);
		});
	} finally {
		await nginx?.stop();
		await Promise.all(apps.map((app) => stopApp(app)));
		await database.drop();
	}
});
