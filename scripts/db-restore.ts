/**
 * Restores a backup made by db:backup.
 *   npm run db:restore -- backups/lernpfad-2026-11-27.dump
 * PostgreSQL (DATABASE_URL): pg_restore into that database, best a new empty one. PGlite: a new
 * data directory (the old one is kept beside it); stop the app first.
 */
import { restoreDatabase, targetFromEnv } from '../src/lib/server/db/backup';

const file = process.argv[2];
if (!file) {
	console.error('usage: npm run db:restore -- <file>');
	process.exit(2);
}
try {
	const result = await restoreDatabase(targetFromEnv(), file);
	console.log(`db:restore: restored ${file}`);
	if (result?.keptAs) console.log(`db:restore: the previous data directory is at ${result.keptAs}`);
} catch (e) {
	console.error(`db:restore: ${(e as Error).message}`);
	process.exit(1);
}
