import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/lib/server/db';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A migrated PGlite data directory as a tarball: fresh test databases start from it. */
		pgliteTemplate: string;
		/** A migrated database on TEST_DATABASE_URL's server, copied by `create database … template`. */
		postgresTemplate: string | null;
	}
}

/**
 * Migrates once per run instead of once per test database (about 45 of them, on both drivers).
 * Fresh databases are then copies: PGlite loads the tarball (no initdb, no migrations), PostgreSQL
 * copies the template database. tests/db/helpers.ts still runs `migrate()` on each copy, which finds
 * every migration applied, so a copy can never be behind the migrations folder.
 */
export default async function setup(project: TestProject) {
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-template-'));
	const tarball = join(dir, 'pglite.tar');
	const pglite = await openDatabase({ dataDir: 'memory://' });
	await pglite.migrate();
	const dump = await (
		pglite.db as unknown as { $client: { dumpDataDir(): Promise<Blob> } }
	).$client.dumpDataDir();
	writeFileSync(tarball, Buffer.from(await dump.arrayBuffer()));
	await pglite.close();
	project.provide('pgliteTemplate', tarball);

	let template: string | null = null;
	let admin: postgres.Sql | undefined;
	if (process.env.TEST_DATABASE_URL) {
		template = `lernpfad_template_${Date.now().toString(36)}_${process.pid}`;
		admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${template}`);
		const url = new URL(process.env.TEST_DATABASE_URL);
		url.pathname = `/${template}`;
		const database = await openDatabase({ url: url.toString() });
		await database.migrate();
		// A template must have no open connections while it is copied.
		await database.close();
	}
	project.provide('postgresTemplate', template);

	return async () => {
		rmSync(dir, { recursive: true, force: true });
		if (admin && template) {
			await admin.unsafe(`drop database if exists ${template} with (force)`);
			await admin.end();
		}
	};
}
