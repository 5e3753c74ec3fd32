import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { lockDataDir } from './pglite-lock';
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
	/** PGlite only: start from this data directory tarball (`dumpDataDir`) instead of an empty one. */
	loadDataDir?: Blob;
	migrationsFolder?: string;
}

/** A whole number from the environment, or the default. */
function envNumber(name: string, fallback: number) {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name}: expected a number ≥ 0`);
	return value;
}

/** Any number from 1 to 2^63 would do; this one spells "Lern" and is used by nothing else. */
const MIGRATION_LOCK = 0x4c65726e;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? process.env.MIGRATIONS_DIR ?? 'drizzle';
	if (options.url) {
		const url = options.url;
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		const client = postgres(url, {
			max: envNumber('DATABASE_POOL_SIZE', 10),
			// Bounded waits: while the server is down or restarting, a request fails in seconds (503)
			// instead of hanging; postgres.js opens new connections by itself once it answers again.
			connect_timeout: envNumber('DATABASE_CONNECT_TIMEOUT', 5),
			idle_timeout: envNumber('DATABASE_IDLE_TIMEOUT', 60),
			// Reconnect at most half a second after a failure (the default backs off up to 20 s, so
			// the app would lag far behind a database that is back).
			backoff: (retries) => Math.min(0.05 * 2 ** retries, 0.5),
			connection: {
				application_name: 'lernpfad',
				statement_timeout: envNumber('DATABASE_STATEMENT_TIMEOUT', 15_000),
				idle_in_transaction_session_timeout: 60_000
			},
			onnotice: () => {}
		});
		const db = drizzle(client, { schema });
		return {
			db,
			kind: 'postgres',
			migrate: async () => {
				// Processes starting together on an empty database migrate one after the other: the
				// first applies the migrations, the others find them applied. A session-level advisory
				// lock on a connection of its own, which also runs the migrations (no statement timeout).
				const own = postgres(url, { max: 1, connect_timeout: 30, onnotice: () => {} });
				try {
					await own`select pg_advisory_lock(${MIGRATION_LOCK})`;
					await migrate(drizzle(own, { schema }), { migrationsFolder });
					await own`select pg_advisory_unlock(${MIGRATION_LOCK})`;
				} finally {
					await own.end({ timeout: 5 });
				}
			},
			close: () => client.end({ timeout: 5 })
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const dataDir = options.dataDir ?? '.data/pglite';
	const inMemory = dataDir.startsWith('memory://');
	// PGlite creates only the last folder of its data dir.
	if (!inMemory) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
	const unlock = inMemory ? () => {} : lockDataDir(dataDir);
	let client: InstanceType<typeof PGlite>;
	try {
		client = new PGlite(dataDir, { loadDataDir: options.loadDataDir });
		await client.waitReady;
	} catch (e) {
		unlock();
		throw e;
	}
	const db = drizzle(client, { schema });
	return {
		db,
		kind: 'pglite',
		migrate: () => migrate(db, { migrationsFolder }),
		close: async () => {
			try {
				await client.close();
			} finally {
				unlock();
			}
		}
	};
}

type Holder = { database?: Promise<Database> };
// In `vite dev` server modules are re-imported on change: keep the one connection on globalThis so
// a reload never opens the same PGlite directory twice (one process, one opening per PGlite dir).
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
let closed = false;
/** Set once `appDatabase()` has resolved (in the server's `init`). */
export function db(): Db {
	if (!current) {
		// A request that slips in while the process shuts down (SIGTERM) gets a 503 to retry
		// elsewhere, not a 500: the code is one isDatabaseUnavailable() knows.
		if (closed)
			throw Object.assign(new Error('Database closed: shutting down'), {
				code: 'CONNECTION_ENDED'
			});
		throw new Error('Database not initialised: call initDatabase() first');
	}
	return current;
}

export async function initDatabase(): Promise<Database> {
	const database = await appDatabase();
	current = database.db;
	closed = false;
	return database;
}

export async function closeAppDatabase(): Promise<void> {
	const pending = holder.database;
	holder.database = undefined;
	current = undefined;
	closed = true;
	if (pending) await (await pending).close();
}
