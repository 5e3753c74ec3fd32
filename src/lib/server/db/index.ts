import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
	db: Db;
	kind: 'postgres' | 'pglite';
	migrate(): Promise<void>;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** A PostgreSQL URL; without it the embedded PGlite is used. */
	url?: string;
	/** PGlite data directory, or `memory://`. */
	dataDir?: string;
	migrationsFolder?: string;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? process.env.MIGRATIONS_DIR ?? 'drizzle';
	if (options.url) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		const client = postgres(options.url, {
			max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
			onnotice: () => {}
		});
		const db = drizzle(client, { schema });
		return {
			db,
			kind: 'postgres',
			migrate: () => migrate(db, { migrationsFolder }),
			close: () => client.end({ timeout: 5 })
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const dataDir = options.dataDir ?? '.data/pglite';
	// PGlite creates only the last folder of its data dir.
	if (!dataDir.startsWith('memory://')) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
	const client = new PGlite(dataDir);
	const db = drizzle(client, { schema });
	return {
		db,
		kind: 'pglite',
		migrate: () => migrate(db, { migrationsFolder }),
		close: () => client.close()
	};
}

type Holder = { database?: Promise<Database> };
// In `vite dev` server modules are re-imported on change: keep the one connection on globalThis so
// a reload never opens the same PGlite directory twice (PGlite has no lock: one process per dir).
const holder = ((globalThis as Record<string, unknown>).__lernpfadDb ??= {}) as Holder;

/** The app's database, opened from the environment on first use. */
export function appDatabase(): Promise<Database> {
	holder.database ??= openDatabase({
		url: process.env.DATABASE_URL || undefined,
		dataDir: process.env.PGLITE_DATA_DIR || undefined
	});
	return holder.database;
}

let current: Db | undefined;
/** Set once `appDatabase()` has resolved (in the server's `init`). */
export function db(): Db {
	if (!current) throw new Error('Database not initialised: call initDatabase() first');
	return current;
}

export async function initDatabase(): Promise<Database> {
	const database = await appDatabase();
	current = database.db;
	return database;
}

export async function closeAppDatabase(): Promise<void> {
	const pending = holder.database;
	holder.database = undefined;
	current = undefined;
	if (pending) await (await pending).close();
}
