import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '../fixtures';
import { startApp, stopApp, waitForHealth, type App } from './cluster';
import { Learner } from './learner';
import { nginxAvailable, startNginx } from './nginx';

// Beside the suite's own server: ports derived from E2E_PORT, so parallel worktrees don't collide.
const base = Number(process.env.E2E_PORT ?? 4173) + 300;
const ports = { nginx: base, app: base + 1, bare: base + 2 };

/** A raw request with a Host of our choosing (fetch does not let one set Host). */
function raw(port: number, headers: Record<string, string>, method = 'GET', path = '/', body = '') {
	return new Promise<{ status: number; headers: Record<string, unknown> } | 'closed'>((resolve) => {
		const req = httpRequest(
			{ host: '127.0.0.1', port, method, path, headers, timeout: 5000 },
			(res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
			}
		);
		req.on('error', () => resolve('closed'));
		req.end(body);
	});
}

test('without ORIGIN, node build refuses to start and says what to set (H2)', async () => {
	test.setTimeout(60_000);
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-origin-'));
	const app = startApp(ports.bare, { PGLITE_DATA_DIR: join(dir, 'data'), ORIGIN: undefined });
	try {
		const code = await Promise.race([app.exited, sleep(30_000).then(() => 'running')]);
		expect(code, app.output()).not.toBe('running');
		expect(code).not.toBe(0);
		expect(app.output()).toContain('ORIGIN is not set');
		expect(app.output()).toContain('ORIGIN=https://lernpfad.example.org');
	} finally {
		await stopApp(app);
		rmSync(dir, { recursive: true, force: true });
	}
});

test('behind the shipped nginx: unknown hosts get no answer, mail links use ORIGIN only (H2, I2)', async () => {
	test.setTimeout(180_000);
	test.skip(!nginxAvailable(), 'nginx is not installed (apt-get install nginx)');
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-origin-'));
	const origin = `http://localhost:${ports.nginx}`;
	let app: App | undefined;
	let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
	try {
		app = startApp(ports.app, { PGLITE_DATA_DIR: join(dir, 'data'), ORIGIN: origin });
		await waitForHealth(app, 200, 90_000);
		nginx = await startNginx(ports.nginx, [ports.app]);

		// Another name, no name, an IP address: the connection is closed without an answer (444).
		for (const host of ['evil.example', `evil.example:${ports.nginx}`, '127.0.0.1']) {
			expect(await raw(ports.nginx, { host }), host).toBe('closed');
		}
		const known = await raw(ports.nginx, { host: `localhost:${ports.nginx}` }, 'GET', '/healthz');
		expect(known).toMatchObject({ status: 200 });

		// A reset requested with a forged X-Forwarded-Host (and a matching Origin) still links to ORIGIN.
		const learner = new Learner();
		await learner.register(origin);
		const body = new URLSearchParams({ email: learner.email }).toString();
		const forgot = await raw(
			ports.nginx,
			{
				host: `localhost:${ports.nginx}`,
				origin,
				'x-forwarded-host': 'evil.example',
				'content-type': 'application/x-www-form-urlencoded',
				'content-length': String(Buffer.byteLength(body)),
				accept: 'text/html'
			},
			'POST',
			'/forgot',
			body
		);
		expect(forgot).toMatchObject({ status: 200 });
		let output = '';
		for (let i = 0; i < 100 && !output.includes('/reset/'); i++) {
			await sleep(100);
			output = app.output();
		}
		expect(output).toContain(`${origin}/reset/`);
		expect(output).not.toContain('evil.example');

		// I2: static files get the security headers from nginx; pages keep the app's own (not doubled).
		const icon = await fetch(`${nginx.url}/favicon.svg`);
		expect(icon.status).toBe(200);
		expect(icon.headers.get('x-content-type-options')).toBe('nosniff');
		expect(icon.headers.get('x-frame-options')).toBe('DENY');
		expect(icon.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		const page = await fetch(`${nginx.url}/login`);
		expect(page.headers.get('content-security-policy')).toContain('nonce-');
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
	} finally {
		await nginx?.stop();
		if (app) await stopApp(app);
		rmSync(dir, { recursive: true, force: true });
	}
});
