import { execFile } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	writeFileSync
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { lockDataDir } from './pglite-lock';

const run = promisify(execFile);

/** Where the backup goes from and to: a PostgreSQL URL, else a PGlite data directory. */
export interface BackupTarget {
	url?: string;
	dataDir?: string;
}

export function targetFromEnv(env = process.env): BackupTarget {
	return env.DATABASE_URL
		? { url: env.DATABASE_URL }
		: { dataDir: env.PGLITE_DATA_DIR || '.data/pglite' };
}

/** pg_dump/pg_restore: PG_BIN, else Debian's PostgreSQL 15, else the PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore') {
	for (const dir of [process.env.PG_BIN, '/usr/lib/postgresql/15/bin']) {
		if (dir && existsSync(join(dir, name))) return join(dir, name);
	}
	return name;
}

const PG_MAGIC = 'PGDMP';
const GZIP_MAGIC = [0x1f, 0x8b];

function kindOf(file: string): 'postgres' | 'pglite' | 'unknown' {
	const head = readFileSync(file).subarray(0, 5);
	if (head.toString('latin1') === PG_MAGIC) return 'postgres';
	if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return 'pglite';
	return 'unknown';
}

/**
 * PostgreSQL: `pg_dump` in its custom format (consistent while the app runs). PGlite: the data
 * directory as a gzip'd tar (`dumpDataDir`); the app must be stopped (one process per directory).
 */
export async function backupDatabase(target: BackupTarget, file: string) {
	mkdirSync(dirname(resolve(file)), { recursive: true });
	if (target.url) {
		await run(pgTool('pg_dump'), ['--format=custom', `--file=${file}`, `--dbname=${target.url}`]);
		return;
	}
	const dataDir = target.dataDir!;
	if (!existsSync(dataDir)) throw new Error(`No PGlite data directory at ${resolve(dataDir)}`);
	const unlock = lockDataDir(dataDir);
	try {
		const { PGlite } = await import('@electric-sql/pglite');
		const pg = new PGlite(dataDir);
		try {
			await pg.waitReady; // dumpDataDir does not wait for it
			const dump = await pg.dumpDataDir('gzip');
			writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
		} finally {
			await pg.close();
		}
	} finally {
		unlock();
	}
}

/**
 * PostgreSQL: `pg_restore --clean --if-exists` into the database of the URL, in one transaction
 * (best into a new, empty database; the app applies newer migrations at its next start).
 * PGlite: a new data directory from the dump; an existing one is kept as `<dir>.before-restore-<time>`.
 */
export async function restoreDatabase(target: BackupTarget, file: string) {
	const kind = kindOf(file);
	if (kind === 'unknown') throw new Error(`${file} is not a Lernpfad backup`);
	if (target.url) {
		if (kind !== 'postgres') throw new Error(`${file} is a PGlite backup; unset DATABASE_URL`);
		await run(pgTool('pg_restore'), [
			'--clean',
			'--if-exists',
			'--no-owner',
			'--no-privileges',
			'--single-transaction',
			'--exit-on-error',
			`--dbname=${target.url}`,
			file
		]);
		return;
	}
	if (kind !== 'pglite') throw new Error(`${file} is a PostgreSQL backup; set DATABASE_URL`);
	const dataDir = target.dataDir!;
	mkdirSync(dirname(resolve(dataDir)), { recursive: true });
	const unlock = lockDataDir(dataDir);
	try {
		let keptAs: string | undefined;
		if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
			keptAs = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
			renameSync(dataDir, keptAs);
		}
		const { PGlite } = await import('@electric-sql/pglite');
		const pg = new PGlite(dataDir, { loadDataDir: new Blob([readFileSync(file)]) });
		await pg.waitReady;
		await pg.close();
		return { keptAs };
	} finally {
		unlock();
	}
}
