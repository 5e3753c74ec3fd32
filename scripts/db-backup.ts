/**
 * Backs up the app's database to a file.
 *   npm run db:backup -- backups/lernpfad-2026-11-27.dump
 * PostgreSQL (DATABASE_URL): pg_dump's custom format, while the app runs. PGlite: the data directory
 * (PGLITE_DATA_DIR, default .data/pglite) as a gzip'd tar; stop the app first.
 */
import { backupDatabase, targetFromEnv } from '../src/lib/server/db/backup';

const file = process.argv[2];
if (!file) {
	console.error('usage: npm run db:backup -- <file>');
	process.exit(2);
}
try {
	await backupDatabase(targetFromEnv(), file);
	console.log(`db:backup: wrote ${file}`);
} catch (e) {
	console.error(`db:backup: ${(e as Error).message}`);
	process.exit(1);
}
