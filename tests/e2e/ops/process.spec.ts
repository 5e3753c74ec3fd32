import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { expect, test } from '../fixtures';

/** `node build` of our own, beside the suite's server, on its own port and database. */
function startServer(port: number, env: Record<string, string>) {
	const child = spawn('node', ['build'], {
		env: { ...process.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, ...env },
		stdio: 'ignore'
	});
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code))
	);
	return { child, exited };
}

async function health(port: number) {
	try {
		return (await fetch(`http://localhost:${port}/healthz`)).status;
	} catch {
		return 0;
	}
}

/** A fresh PGlite migrates first: on a busy 2-core machine (4 test workers) that takes seconds. */
async function waitForHealth(port: number, status: number, seconds = 60) {
	const deadline = Date.now() + seconds * 1000;
	while (Date.now() < deadline && (await health(port)) !== status) await sleep(100);
	expect(await health(port)).toBe(status);
}

async function stop(child: ChildProcess, exited: Promise<number | null>) {
	child.kill('SIGTERM');
	return Promise.race([exited, sleep(10_000).then(() => 'still running' as const)]);
}

test('node build closes the database and exits on SIGTERM', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-sigterm-'));
	const { child, exited } = startServer(4391, {
		PGLITE_DATA_DIR: join(dir, 'data'),
		DATABASE_URL: ''
	});
	try {
		await waitForHealth(4391, 200);
		expect(await stop(child, exited)).not.toBe('still running');
	} finally {
		child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	}
});

test('healthz answers 503 when the database is gone', async () => {
	test.skip(!process.env.DATABASE_URL, 'needs a PostgreSQL server (CI sets DATABASE_URL)');
	const server = new URL(process.env.DATABASE_URL!);
	server.pathname = '/postgres';
	const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
	const name = `lernpfad_health_${Date.now().toString(36)}`;
	await admin.unsafe(`create database ${name}`);
	const url = new URL(server);
	url.pathname = `/${name}`;
	const { child, exited } = startServer(4392, { DATABASE_URL: url.toString() });
	try {
		await waitForHealth(4392, 200);
		await admin.unsafe(`drop database ${name} with (force)`);
		await waitForHealth(4392, 503);
		expect(await stop(child, exited)).not.toBe('still running');
	} finally {
		child.kill('SIGKILL');
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
});
