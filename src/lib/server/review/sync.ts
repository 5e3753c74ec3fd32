import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rows } from '../db/rows';
import type { Course } from '../content/load';
import { FIRST_REVIEW_AFTER_MS } from './scheduler';

/**
 * Brings the cards in line with the question pools, at start-up and only when a pool changed (its
 * fingerprint is kept in review_pool): a question that left its quiz.yaml retires its cards, one
 * that came back is active again, and every passed lesson gets a card for each question of its pool.
 * That last part is also the backfill for passes recorded before cards existed: the pools live in
 * the YAML, which a SQL migration cannot read. Idempotent, so processes starting together are fine.
 */
export async function syncReviewPools(db: Db, course: Pick<Course, 'lessons'>, now = new Date()) {
	const pool = course.lessons.flatMap((l) =>
		l.quiz.questions.map((q) => ({ lesson: l.slug, question_id: q.id }))
	);
	const fingerprint = createHash('sha256').update(JSON.stringify(pool)).digest('hex');
	const [known] = await rows<{ fingerprint: string }>(
		db,
		sql`select fingerprint from review_pool where key = 'course'`
	);
	if (known?.fingerprint === fingerprint) return false;
	const at = now.toISOString();
	const due = new Date(now.getTime() + FIRST_REVIEW_AFTER_MS).toISOString();
	const json = JSON.stringify(pool);
	await db.transaction(async (tx) => {
		await tx.execute(sql`with pool as (
				select * from jsonb_to_recordset(${json}::jsonb) as p(lesson text, question_id text)
			)
			update review_card c set retired_at = case
				when exists (select 1 from pool where pool.lesson = c.lesson and pool.question_id = c.question_id)
				then null else coalesce(c.retired_at, ${at}::timestamptz) end
			where (c.retired_at is null) <> exists (
				select 1 from pool where pool.lesson = c.lesson and pool.question_id = c.question_id)`);
		await tx.execute(sql`insert into review_card (user_id, lesson, question_id, due, created_at)
			select p.user_id, pool.lesson, pool.question_id, greatest(${due}::timestamptz,
				p.passed_at + interval '1 day'), ${at}::timestamptz
			from jsonb_to_recordset(${json}::jsonb) as pool(lesson text, question_id text)
			join lesson_progress p on p.lesson = pool.lesson and p.passed_at is not null
			on conflict do nothing`);
		await tx.execute(sql`insert into review_pool (key, fingerprint, synced_at)
			values ('course', ${fingerprint}, ${at}::timestamptz)
			on conflict (key) do update set fingerprint = excluded.fingerprint, synced_at = excluded.synced_at`);
	});
	return true;
}
