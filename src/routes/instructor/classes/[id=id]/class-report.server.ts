import type { Db } from '$lib/server/db';
import { getCourse } from '$lib/server/content';
import type { Locale } from '$lib/server/quiz/types';
import {
	cachedQuestionStats,
	classLearners,
	lessonSummaries,
	repeatedFailures,
	type LearnerRow
} from '$lib/server/reports';

const DAY = 86_400_000;
export const INACTIVE_DAYS = 7;
export const PAGE_SIZE = 50;
export const TENTATIVE_BELOW = 10;
/** The needs-help list shows this many; the matrix filter "needs help" lists them all. */
export const HELP_SHOWN = 25;

export type LearnerState = 'finished' | 'active' | 'not_started' | 'help';
export type SortKey = 'name' | 'progress' | 'activity' | 'joined';

export interface MatrixQuery {
	q: string;
	state: LearnerState | 'all';
	sort: SortKey;
	page: number;
}

export function parseMatrixQuery(url: URL): MatrixQuery {
	const state = url.searchParams.get('state');
	const sort = url.searchParams.get('sort');
	const page = Number(url.searchParams.get('page'));
	return {
		q: (url.searchParams.get('q') ?? '').trim().slice(0, 100),
		state:
			(['finished', 'active', 'not_started', 'help'] as const).find((s) => s === state) ?? 'all',
		sort: (['name', 'progress', 'activity', 'joined'] as const).find((s) => s === sort) ?? 'name',
		page: Number.isInteger(page) && page > 0 ? page : 1
	};
}

interface HelpItem {
	userId: string;
	name: string;
	reasons: (
		| { kind: 'failed'; lesson: string; fails: number }
		| { kind: 'inactive'; days: number; lesson: string | null }
	)[];
}

function lessonTitle(slug: string, locale: Locale) {
	return getCourse().bySlug.get(slug)?.text[locale].title ?? slug;
}

/** Everything on the class page, from four set-based queries; filtering and sorting happen here. */
export async function buildClassReport(
	db: Db,
	classId: string,
	query: MatrixQuery,
	locale: Locale,
	now = new Date()
) {
	const course = getCourse();
	const total = course.lessons.length;
	const [learners, summaries, failures, stats] = await Promise.all([
		classLearners(db, classId),
		lessonSummaries(db, classId),
		repeatedFailures(db, classId),
		cachedQuestionStats(db, classId)
	]);

	// Needs help: failed a quiz twice or more, or 7 days inactive with the course unfinished.
	const help = new Map<string, HelpItem>();
	const byId = new Map(learners.map((l) => [l.userId, l]));
	const helpItem = (l: LearnerRow) => {
		if (!help.has(l.userId)) help.set(l.userId, { userId: l.userId, name: l.name, reasons: [] });
		return help.get(l.userId)!;
	};
	for (const f of failures) {
		const learner = byId.get(f.userId);
		if (learner)
			helpItem(learner).reasons.push({
				kind: 'failed',
				lesson: lessonTitle(f.lesson, locale),
				fails: f.fails
			});
	}
	for (const l of learners) {
		if (l.passed >= total) continue;
		const since = l.lastActivity ?? l.joinedAt;
		const days = Math.floor((now.getTime() - since.getTime()) / DAY);
		if (days < INACTIVE_DAYS) continue;
		const last = Object.entries(l.lessons)
			.filter(([, v]) => !v[2])
			.sort((a, b) => b[1][3].localeCompare(a[1][3]))[0];
		helpItem(l).reasons.push({
			kind: 'inactive',
			days,
			lesson: last ? lessonTitle(last[0], locale) : null
		});
	}

	const stateOf = (l: LearnerRow): LearnerState =>
		help.has(l.userId)
			? 'help'
			: l.passed >= total
				? 'finished'
				: Object.keys(l.lessons).length === 0
					? 'not_started'
					: 'active';

	const needle = query.q.toLocaleLowerCase();
	const filtered = learners.filter(
		(l) =>
			(!needle || l.name.toLocaleLowerCase().includes(needle)) &&
			(query.state === 'all' || stateOf(l) === query.state)
	);
	const collator = new Intl.Collator(locale);
	const compare: Record<SortKey, (a: LearnerRow, b: LearnerRow) => number> = {
		name: (a, b) => collator.compare(a.name, b.name),
		progress: (a, b) => b.passed - a.passed || collator.compare(a.name, b.name),
		activity: (a, b) => (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0),
		joined: (a, b) => b.joinedAt.getTime() - a.joinedAt.getTime()
	};
	filtered.sort(compare[query.sort]);
	const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
	const page = Math.min(query.page, pages);

	const lessons = course.lessons.map((l) => ({
		slug: l.slug,
		number: l.number,
		title: l.text[locale].title
	}));
	const summaryBySlug = new Map(summaries.map((s) => [s.lesson, s]));
	const questionIndex = new Map(
		course.lessons.flatMap((l) => l.quiz.questions.map((q) => [q.id, { lesson: l, q }] as const))
	);

	return {
		total,
		count: learners.length,
		lessons,
		matrix: {
			query: { ...query, page },
			pages,
			matches: filtered.length,
			rows: filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((l) => ({
				userId: l.userId,
				name: l.name,
				state: stateOf(l),
				passed: l.passed,
				lastActivity: l.lastActivity?.toISOString() ?? null,
				certificate: l.certificateCode ? (l.certificateRevoked ? 'revoked' : 'earned') : null,
				cells: lessons.map((lesson) => {
					const v = l.lessons[lesson.slug];
					return v ? { best: v[0], attempts: v[1], passed: v[2] } : null;
				})
			}))
		},
		lessonSummaries: lessons.map((lesson) => {
			const s = summaryBySlug.get(lesson.slug);
			return {
				...lesson,
				read: s?.read ?? 0,
				tried: s?.tried ?? 0,
				passed: s?.passed ?? 0,
				averageBest: s?.averageBest ?? null
			};
		}),
		progressDistribution: Array.from(
			{ length: total + 1 },
			(_, n) => learners.filter((l) => l.passed === n).length
		),
		help: [...help.values()].sort((a, b) => collator.compare(a.name, b.name)).slice(0, HELP_SHOWN),
		helpCount: help.size,
		helpIds: [...help.keys()],
		questions: stats
			.map((s) => {
				const found = questionIndex.get(s.questionId);
				const wrong = Object.entries(s.wrongChoices).sort((a, b) => b[1] - a[1])[0];
				let wrongText: string | null = null;
				if (wrong && found) {
					const q = found.q;
					wrongText =
						q.type === 'single' || q.type === 'multiple'
							? (q.options.find((o) => o.id === wrong[0])?.text[locale] ?? wrong[0])
							: wrong[0];
				}
				return {
					id: s.questionId,
					lesson: found?.lesson.slug ?? s.lesson,
					lessonNumber: found?.lesson.number ?? 0,
					prompt: found?.q.prompt[locale] ?? s.questionId,
					type: found?.q.type ?? null,
					section: found?.q.section ?? null,
					shown: s.shown,
					firstAttempts: s.firstAttempts,
					facility: s.facility,
					discrimination: s.discrimination,
					tentative: s.shown < TENTATIVE_BELOW,
					wrong: wrong ? { text: wrongText!, times: wrong[1] } : null
				};
			})
			.sort((a, b) => a.lessonNumber - b.lessonNumber || (a.facility ?? 1) - (b.facility ?? 1))
	};
}

export type ClassReport = Awaited<ReturnType<typeof buildClassReport>>;
