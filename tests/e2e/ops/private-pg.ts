import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** initdb refuses root: as root, the cluster belongs to (and runs as) the `postgres` user. */
function asOwner(command: string, args: string[]) {
	return userInfo().uid === 0
		? run('runuser', ['-u', 'postgres', '--', command, ...args])
		: run(command, args);
}

export function privateClusterPossible() {
	return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

/**
 * A PostgreSQL cluster of the test's own (never the machine's shared server): its own folder,
 * port and socket directory, so the test may stop and restart it.
 */
export async function privateCluster(port: number) {
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-pgcluster-'));
	if (userInfo().uid === 0) {
		const { stdout } = await run('id', ['-u', 'postgres']);
		const { stdout: gid } = await run('id', ['-g', 'postgres']);
		chownSync(dir, Number(stdout), Number(gid));
	}
	const data = join(dir, 'data');
	const pgCtl = join(PG_BIN, 'pg_ctl');
	await asOwner(join(PG_BIN, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync'
	]);
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
	const start = () =>
		asOwner(pgCtl, ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
	const stop = (mode: 'fast' | 'immediate' = 'fast') =>
		asOwner(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
	await start();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		start,
		stop,
		destroy: async () => {
			await stop('immediate').catch(() => {});
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
