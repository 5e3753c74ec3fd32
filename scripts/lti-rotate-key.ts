/**
 * Rotates Lernpfad's LTI signing key (RS256): a new key signs from now on, the old one stays in
 * /lti/jwks for an hour. Uses DATABASE_URL or PGLITE_DATA_DIR like the app (stop a PGlite app first).
 *   npm run lti:rotate-key
 */
import { openDatabase } from '../src/lib/server/db';
import { rotateToolKey } from '../src/lib/server/lti/keys';

const database = await openDatabase({
	url: process.env.DATABASE_URL || undefined,
	dataDir: process.env.PGLITE_DATA_DIR || undefined
});
try {
	await database.migrate();
	const { kid, retired } = await rotateToolKey(database.db);
	console.log(
		`New LTI key ${kid}; retired (published for another hour): ${retired.join(', ') || '—'}`
	);
} finally {
	await database.close();
}
