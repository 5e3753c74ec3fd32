import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { nginxAvailable } from './nginx';

/**
 * Real parts for the operations tests: `node build` processes of our own (beside the suite's
 * server), databases on the shared PostgreSQL server, nginx. Nothing here is mocked.
 */

/** The shared server; tests make and drop their own databases on it and never stop it. */
export const PG_SERVER =
	process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Skips the running test, saying why, when the local PostgreSQL (and nginx, if asked) is missing. */
export async function needServers(
	test: { skip(condition: boolean, why: string): void },
	nginx = false
) {
	test.skip(
		!(await pgReachable()),
		'no PostgreSQL server reachable (TEST_DATABASE_URL or 127.0.0.1:5432)'
	);
	if (nginx) test.skip(!nginxAvailable(), 'nginx is not installed (apt-get install nginx)');
}

export async function pgReachable(url = PG_SERVER) {
	const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
	try {
		await sql`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

export function databaseUrl(name: string, server = PG_SERVER) {
	const url = new URL(server);
	url.pathname = `/${name}`;
	return url.toString();
}

/** A fresh, empty database on the shared server; `drop()` removes it. */
export async function freshPgDatabase(prefix: string) {
	const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
	const admin = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = databaseUrl(name);
	const sql = postgres(url, { max: 4, onnotice: () => {} });
	return {
		name,
		url,
		sql,
		drop: async () => {
			await sql.end({ timeout: 1 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

export interface App {
	port: number;
	child: ChildProcess;
	exited: Promise<number | null>;
	/** What the process printed (for failure messages). */
	output(): string;
}

/**
 * Every process of a test behind nginx reads the client from its headers; the origin is always
 * configured (`ORIGIN`, required in production): `http://localhost:<port>` unless a test passes
 * its own (nginx's, for processes behind it).
 */
export const proxyEnv = {
	ADDRESS_HEADER: 'x-forwarded-for',
	XFF_DEPTH: '1'
};

/** `env` values override; an undefined one removes the variable (e.g. ORIGIN). */
export function startApp(port: number, env: Record<string, string | undefined>): App {
	const base = { ...process.env };
	for (const name of ['ORIGIN', 'DATABASE_URL', 'PGLITE_DATA_DIR', 'CREDENTIAL_SIGNING_KEY']) {
		delete base[name];
	}
	const merged: Record<string, string | undefined> = {
		...base,
		...proxyEnv,
		PORT: String(port),
		ORIGIN: `http://localhost:${port}`,
		...env
	};
	for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
	const child = spawn('node', ['build'], {
		env: merged,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	const keep = (chunk: Buffer) => {
		log = (log + chunk.toString()).slice(-20_000);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)))
	);
	return { port, child, exited, output: () => log };
}

export async function health(port: number) {
	try {
		const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
			signal: AbortSignal.timeout(3000)
		});
		return response.status;
	} catch {
		return 0;
	}
}

export async function waitForHealth(app: App | number, status = 200, timeoutMs = 20_000) {
	const port = typeof app === 'number' ? app : app.port;
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if ((await health(port)) === status) return;
		if (typeof app !== 'number' && app.child.exitCode !== null) break;
		await sleep(100);
	}
	const log = typeof app === 'number' ? '' : `\n${app.output()}`;
	throw new Error(`port ${port}: /healthz never answered ${status}${log}`);
}

/** SIGTERM; SIGKILL if it is still running after `graceMs`. Returns the exit code or 'killed'. */
export async function stopApp(app: App, graceMs = 10_000) {
	if (app.child.exitCode !== null || app.child.signalCode !== null) return app.exited;
	app.child.kill('SIGTERM');
	const result = await Promise.race([app.exited, sleep(graceMs).then(() => 'killed' as const)]);
	if (result === 'killed') app.child.kill('SIGKILL');
	return result;
}
