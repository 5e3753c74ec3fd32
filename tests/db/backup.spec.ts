import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { findCertificateOfUser } from '../../src/lib/server/certificates/issue';
import { loadSigningKeys } from '../../src/lib/server/certificates/keys';
import { createUser, setDisabled } from '../../src/lib/server/users';
import { drivers, freshDatabase } from './helpers';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';

const run = promisify(execFile);
const quiz = trueFalseQuiz(5);
const lessons = ['one', 'two', 'three'];

/** The real commands, as an operator types them (`npm run db:backup -- <file>` runs these). */
async function cli(
	script: 'db-backup' | 'db-restore',
	file: string,
	target: Record<string, string>
) {
	const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', PGLITE_DATA_DIR: '' };
	Object.assign(env, target);
	const { stdout } = await run('npx', ['tsx', `scripts/${script}.ts`, file], { env });
	return stdout;
}

/** Every row of every table of the app (and drizzle's migration table), as text, in a fixed order. */
async function snapshot(db: Db) {
	const tables = (await db.execute(sql`
		select table_schema as s, table_name as t from information_schema.tables
		where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE'
		order by 1, 2`)) as unknown as { rows?: { s: string; t: string }[] } & { s: string; t: string }[];
	const list = tables.rows ?? tables;
	const out: Record<string, string[]> = {};
	for (const { s, t } of list) {
		const rows = (await db.execute(
			sql.raw(`select x::text as row from "${s}"."${t}" x order by 1`)
		)) as unknown as { rows?: { row: string }[] } & { row: string }[];
		out[`${s}.${t}`] = (rows.rows ?? rows).map((r) => r.row);
	}
	return out;
}

/** Learners with progress, attempts, answers and a certificate, made by the app's own functions. */
async function makeData(db: Db, kind: string) {
	await loadSigningKeys(db);
	const learners = [];
	for (let i = 0; i < 3; i++) {
		learners.push(
			(await createUser(db, {
				email: `backup-${i}-${kind}@example.com`,
				name: `Learner ${i}`,
				password: 'backup-pass-123',
				locale: 'de'
			}))!
		);
	}
	const course = { lessons, locale: 'de' as const };
	for (const lesson of lessons) {
		await takeQuiz(db, { userId: learners[0].id, lesson, quiz, right: () => true, course });
	}
	await takeQuiz(db, {
		userId: learners[1].id,
		lesson: 'one',
		quiz,
		right: (_, i) => i < 2,
		course
	});
	await takeQuiz(db, { userId: learners[1].id, lesson: 'one', quiz, right: () => true, course });
	expect(await findCertificateOfUser(db, learners[0].id)).toBeDefined();
	// Something for the audit trail, which the backup keeps too.
	await setDisabled(db, learners[2].id, true, { id: null, name: 'backup test' });
	return learners;
}

describe.each(drivers)('backup and restore on %s', (kind) => {
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-backup-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('a round trip keeps every row: users, progress, attempts, answers, certificates, keys', async () => {
		const t = await freshDatabase(kind, { persistent: true });
		let restored: Awaited<ReturnType<typeof openDatabase>> | undefined;
		const admin = kind === 'postgres' ? postgres(process.env.TEST_DATABASE_URL!, { max: 1 }) : null;
		const copy = `lernpfad_restore_${Date.now().toString(36)}`;
		try {
			await makeData(t.db, kind);
			const before = await snapshot(t.db);
			expect(before['public.certificate']).toHaveLength(1);
			expect(before['public.audit_event']).toHaveLength(1);
			expect(before['public.attempt_answer'].length).toBeGreaterThan(0);
			const file = join(dir, `${kind}.backup`);

			if (kind === 'pglite') {
				await t.close(); // one process per data directory: the app must be stopped
				await cli('db-backup', file, { PGLITE_DATA_DIR: t.location.dataDir! });
				const target = join(dir, 'restored');
				await cli('db-restore', file, { PGLITE_DATA_DIR: target });
				restored = await openDatabase({ dataDir: target });
			} else {
				await cli('db-backup', file, { DATABASE_URL: t.location.url! });
				await admin!.unsafe(`create database ${copy}`);
				const url = new URL(t.location.url!);
				url.pathname = `/${copy}`;
				await cli('db-restore', file, { DATABASE_URL: url.toString() });
				restored = await openDatabase({ url: url.toString() });
			}
			await restored.migrate(); // what the app does at start: nothing left to apply
			expect(await snapshot(restored.db)).toEqual(before);
		} finally {
			await restored?.close();
			await t.destroy();
			if (admin) {
				await admin.unsafe(`drop database if exists ${copy} with (force)`);
				await admin.end();
			}
		}
	}, 120_000);
});
