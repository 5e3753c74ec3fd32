import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

/** Lock files this process holds: a PID equal to ours in a lock we don't hold is a stale one. */
const held = new Set<string>();

export function lockPathOf(dataDir: string) {
	return `${resolve(dataDir)}.lock`;
}

function alive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: it exists but belongs to someone else.
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function holderOf(path: string): number | undefined {
	try {
		const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/**
 * PGlite has no lock of its own and two processes on one data directory corrupt it: a lock file
 * beside the directory (`<dir>.lock`, holding the PID) keeps a second process out. A lock left by a
 * dead process (kill -9, power loss) is taken over. Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
	const path = lockPathOf(dataDir);
	for (let tries = 0; tries < 3; tries++) {
		try {
			const fd = openSync(path, 'wx', 0o644);
			writeSync(fd, `${process.pid}\n`);
			closeSync(fd);
			held.add(path);
			return () => {
				if (!held.delete(path)) return;
				if (holderOf(path) === process.pid) unlinkSync(path);
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
		const pid = holderOf(path);
		const stale = pid === undefined ? false : pid === process.pid ? !held.has(path) : !alive(pid);
		if (!stale) {
			throw new Error(
				`The PGlite data directory ${resolve(dataDir)} is in use by process ${pid ?? '?'} ` +
					`(lock file ${path}). PGlite allows one process per data directory: stop that ` +
					`process, or use PostgreSQL (DATABASE_URL) to run several. If no such process runs, ` +
					`delete the lock file.`
			);
		}
		try {
			unlinkSync(path);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
		}
	}
	throw new Error(`Could not take the PGlite lock ${path}`);
}
