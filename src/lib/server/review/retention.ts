import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rows } from '../db/rows';
import { classProgress, progressRead, type ProgressRead } from '../reports';

/** Reviews count towards retention from this long after the lesson was passed. */
export const RETENTION_AFTER_DAYS = 7;

/** Review answers of the class's learners made ≥ 7 days after they passed the lesson. */
const lateReviews = (classId: string) => sql`review_log l
	join enrollment e on e.user_id = l.user_id and e.class_id = ${classId}
	join lesson_progress p on p.user_id = l.user_id and p.lesson = l.lesson
	where l.answered_at >= p.passed_at + make_interval(days => ${RETENTION_AFTER_DAYS})`;

export interface LessonRetention {
	lesson: string;
	review: { answers: number; right: number; learners: number };
	/** The quiz itself (every submitted answer of the class, from the class statistics). */
	quiz: { answers: number; right: number; learners: number };
}

export interface ForgottenQuestion {
	lesson: string;
	questionId: string;
	answers: number;
	right: number;
	learners: number;
}

/** Per lesson: right share in late reviews against the quiz's; and the 10 questions forgotten most. */
export async function classRetention(db: Db, classId: string, read?: ProgressRead) {
	read ??= await progressRead(db, classId);
	const [lessons, forgotten] = await Promise.all([
		rows<{
			lesson: string;
			r_answers: number;
			r_right: number;
			r_learners: number;
			q_answers: number;
			q_right: number;
			q_learners: number;
		}>(
			db,
			sql`with rev as (
				select l.lesson, count(*)::int as answers, (count(*) filter (where l.correct))::int as "right",
					count(distinct l.user_id)::int as learners
				from ${lateReviews(classId)} group by l.lesson
			), quiz as (
				select s.lesson, sum(s.shown)::int as answers, sum(s.correct)::int as "right"
				from class_question_stat s where s.class_id = ${classId} group by s.lesson
			), tried as (
				select lp.lesson, count(*)::int as learners
				from ${classProgress(classId, read)} and lp.attempts > 0
				group by lp.lesson
			)
			select coalesce(rev.lesson, quiz.lesson) as lesson,
				coalesce(rev.answers, 0) as r_answers, coalesce(rev."right", 0) as r_right,
				coalesce(rev.learners, 0) as r_learners, coalesce(quiz.answers, 0) as q_answers,
				coalesce(quiz."right", 0) as q_right, coalesce(tried.learners, 0) as q_learners
			from rev full join quiz on quiz.lesson = rev.lesson
			left join tried on tried.lesson = quiz.lesson`
		),
		rows<{ lesson: string; question_id: string; answers: number; right: number; learners: number }>(
			db,
			sql`select l.lesson, l.question_id, count(*)::int as answers,
				(count(*) filter (where l.correct))::int as "right", count(distinct l.user_id)::int as learners
			from ${lateReviews(classId)}
			group by l.lesson, l.question_id
			having count(*) filter (where not l.correct) > 0
			order by (count(*) filter (where not l.correct))::float / count(*) desc, count(*) desc,
				l.lesson, l.question_id
			limit 10`
		)
	]);
	return {
		lessons: lessons.map((r): LessonRetention => ({
			lesson: r.lesson,
			review: { answers: r.r_answers, right: r.r_right, learners: r.r_learners },
			quiz: { answers: r.q_answers, right: r.q_right, learners: r.q_learners }
		})),
		forgotten: forgotten.map((r): ForgottenQuestion => ({
			lesson: r.lesson,
			questionId: r.question_id,
			answers: r.answers,
			right: r.right,
			learners: r.learners
		}))
	};
}

/** Per learner of the class: late review answers and how many were right (for the CSV export). */
export async function learnerRetention(db: Db, classId: string, userIds: string[]) {
	if (userIds.length === 0) return new Map<string, { answers: number; right: number }>();
	const found = await rows<{ user_id: string; answers: number; right: number }>(
		db,
		sql`select l.user_id, count(*)::int as answers, (count(*) filter (where l.correct))::int as "right"
		from ${lateReviews(classId)} and l.user_id in ${userIds}
		group by l.user_id`
	);
	return new Map(found.map((r) => [r.user_id, { answers: r.answers, right: r.right }]));
}
