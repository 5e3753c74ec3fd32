import type { SQL } from 'drizzle-orm';
import type { Db } from './index';

/** Runs raw SQL on either driver and returns its rows (postgres.js gives an array, PGlite `{ rows }`). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
	return Array.isArray(result) ? result : result.rows;
}

/** An ILIKE pattern for "contains `text`", with the pattern's own wildcards escaped. */
export function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
