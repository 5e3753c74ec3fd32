import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const nginxAvailable = () => existsSync(NGINX);

/** Replaces exactly what the pattern matches once or more, or fails: the shipped file must keep its shape. */
function replace(text: string, pattern: RegExp, by: string) {
	if (!pattern.test(text)) throw new Error(`deploy/nginx.conf no longer has ${pattern}`);
	return text.replace(pattern, by);
}

/**
 * The shipped deploy/nginx.conf with only what a test must change: its listen port and name, the backend
 * lines, and pid/temp paths in a folder of its own (plus `daemon off` to run as a child).
 */
export function nginxConf(listen: number, backends: number[], prefix: string) {
	let conf = readFileSync('deploy/nginx.conf', 'utf8');
	conf = replace(conf, /worker_processes auto;/, 'worker_processes 1;');
	conf = replace(
		conf,
		/(\n\t\tserver 127\.0\.0\.1:\d+ (max_fails=[^;]*);)+/,
		backends.map((port) => `\n\t\tserver 127.0.0.1:${port} $2;`).join('')
	);
	conf = replace(conf, /listen 80( default_server)?;/g, `listen 127.0.0.1:${listen}$1;`);
	// The public name: tests reach nginx as localhost (the apps' ORIGIN is http://localhost:<listen>).
	conf = replace(conf, /server_name lernpfad\.example\.org;/, 'server_name localhost;');
	const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
		.map((kind) => `\t${kind}_temp_path ${join(prefix, 'temp', kind)};`)
		.join('\n');
	conf = replace(
		conf,
		/\nhttp \{\n/,
		`\nhttp {\n\taccess_log ${join(prefix, 'access.log')};\n${temp}\n`
	);
	const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
	return `${user}daemon off;\npid ${join(prefix, 'nginx.pid')};\nerror_log ${join(prefix, 'error.log')} warn;\n${conf}`;
}

/** nginx in front of `backends`, as a child process (not a daemon), in a temp folder of its own. */
export async function startNginx(listen: number, backends: number[]) {
	const prefix = mkdtempSync(join(tmpdir(), 'lernpfad-nginx-'));
	mkdirSync(join(prefix, 'temp'));
	const file = join(prefix, 'nginx.conf');
	writeFileSync(file, nginxConf(listen, backends, prefix));
	const child = spawn(NGINX, ['-c', file, '-p', prefix, '-e', join(prefix, 'error.log')], {
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const log = () => {
		try {
			return stderr + readFileSync(join(prefix, 'error.log'), 'utf8');
		} catch {
			return stderr;
		}
	};
	for (let i = 0; i < 100; i++) {
		if (child.exitCode !== null) break;
		try {
			await fetch(`http://127.0.0.1:${listen}/`, { signal: AbortSignal.timeout(1000) });
			break;
		} catch {
			await sleep(50);
		}
	}
	if (child.exitCode !== null) throw new Error(`nginx did not start:\n${log()}`);
	return {
		url: `http://localhost:${listen}`,
		log,
		stop: async () => {
			child.kill('SIGQUIT');
			await Promise.race([exited, sleep(5000)]);
			child.kill('SIGKILL');
			rmSync(prefix, { recursive: true, force: true });
		}
	};
}
