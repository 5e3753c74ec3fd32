import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db';

export type DriverKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server (CI sets it). */
export const drivers: DriverKind[] = process.env.TEST_DATABASE_URL
	? ['pglite', 'postgres']
	: ['pglite'];

export interface TestDatabase extends Database {
	/** Where the data is: the database URL (PostgreSQL) or the data directory (persistent PGlite). */
	location: { url?: string; dataDir?: string };
	/** Opens a second, independent connection to the same data (as another app process would). */
	reopen(): Promise<Database>;
	destroy(): Promise<void>;
}

function serverUrl(database: string) {
	const url = new URL(process.env.TEST_DATABASE_URL!);
	url.pathname = `/${database}`;
	return url.toString();
}

let pgliteTemplate: Blob | undefined;
/** The migrated PGlite of tests/db/global-setup.ts, read once per test file. */
function migratedPglite() {
	pgliteTemplate ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
	return pgliteTemplate;
}

/**
 * Every call makes a fresh, migrated database of its own and drops it in `destroy`: a copy of the
 * run's migrated template (tests/db/global-setup.ts); a persistent PGlite directory is migrated anew.
 */
export async function freshDatabase(
	kind: DriverKind,
	{ persistent = false } = {}
): Promise<TestDatabase> {
	if (kind === 'pglite') {
		const dir = persistent ? mkdtempSync(join(tmpdir(), 'lernpfad-pglite-')) : undefined;
		const dataDir = dir ? join(dir, 'data') : 'memory://';
		const database = await openDatabase({
			dataDir,
			loadDataDir: persistent ? undefined : migratedPglite()
		});
		await database.migrate();
		const others: Database[] = [];
		return {
			...database,
			location: { dataDir },
			reopen: async () => {
				// One process per PGlite directory: the first must let go before another opens it.
				await database.close();
				const other = await openDatabase({ dataDir });
				others.push(other);
				return other;
			},
			destroy: async () => {
				await Promise.all([database, ...others].map((d) => d.close().catch(() => {})));
				if (dir) rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const name = `lernpfad_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
	const template = inject('postgresTemplate');
	await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
	const database = await openDatabase({ url: serverUrl(name) });
	await database.migrate();
	const others: Database[] = [];
	return {
		...database,
		location: { url: serverUrl(name) },
		reopen: async () => {
			const other = await openDatabase({ url: serverUrl(name) });
			others.push(other);
			return other;
		},
		destroy: async () => {
			await Promise.all([database, ...others].map((d) => d.close().catch(() => {})));
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}
