import type { Db } from '$lib/server/db';
import { getCourse } from '$lib/server/content';
import type { Locale } from '$lib/server/quiz/types';
import { helpReasons, type HelpReason } from './help-reasons';
import { parseStatsSort, questionGroups, type StatsSort } from './question-stats.server';
import {
	classLearners,
	classQuestionStats,
	learnerSummaries,
	lessonSummaries,
	progressRead,
	type LearnerRow,
	type ProgressRead,
	type LearnerSummary
} from '$lib/server/reports';

const DAY = 86_400_000;
export const INACTIVE_DAYS = 7;
export const PAGE_SIZE = 50;
/** The needs-help list shows this many; the matrix filter "needs help" lists them all. */
export const HELP_SHOWN = 25;

export type LearnerState = 'finished' | 'active' | 'not_started' | 'help';
export type SortKey = 'name' | 'progress' | 'activity' | 'joined';

export interface MatrixQuery {
	q: string;
	state: LearnerState | 'all';
	sort: SortKey;
	page: number;
	qsort: StatsSort;
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
		page: Number.isInteger(page) && page > 0 ? page : 1,
		qsort: parseStatsSort(url)
	};
}

interface HelpItem {
	userId: string;
	name: string;
	reasons: HelpReason[];
}

type HelpFacts = Pick<LearnerSummary, 'passed' | 'lastActivity' | 'joinedAt' | 'failing'>;

/** Days without activity, counted only while the course is unfinished. */
export const inactiveFor = (l: HelpFacts, total: number, now: Date) =>
	l.passed >= total
		? 0
		: Math.floor((now.getTime() - (l.lastActivity ?? l.joinedAt).getTime()) / DAY);

/** Needs help: failed a quiz twice or more, or 7 days inactive with the course unfinished. */
export const needsHelpOf = (l: HelpFacts, total: number, now: Date) =>
	l.failing || inactiveFor(l, total, now) >= INACTIVE_DAYS;

/** The same facts from a learner's lesson cells (the CSV reads those). */
export const failingOf = (l: LearnerRow) =>
	Object.values(l.lessons).some(([, attempts, passed]) => !passed && attempts >= 2);

function lessonTitle(slug: string, locale: Locale) {
	return getCourse().bySlug.get(slug)?.text[locale].title ?? slug;
}

/** Everyone on the needs-help list, not only those the page shows ("remind all who need help"). */
export async function needsHelpIds(db: Db, classId: string, now = new Date()) {
	const total = getCourse().lessons.length;
	return (await learnerSummaries(db, classId))
		.filter((l) => needsHelpOf(l, total, now))
		.map((l) => l.userId);
}

/**
 * Everything on the class page, and nothing that grows with the class. Whole-class work is one
 * compact row per learner (filter, sort, needs-help) and per lesson; lesson cells are read for the
 * rows shown only, and the item statistics come from running sums (class-stats.ts), so the page does
 * not grow with the answers.
 */
export async function buildClassReport(
	db: Db,
	classId: string,
	query: MatrixQuery,
	locale: Locale,
	read?: ProgressRead,
	now = new Date()
) {
	const course = getCourse();
	const total = course.lessons.length;
	read ??= await progressRead(db, classId);
	const [learners, summaries, stats] = await Promise.all([
		learnerSummaries(db, classId, read),
		lessonSummaries(db, classId, read),
		classQuestionStats(db, classId)
	]);

	const inactiveDays = (l: LearnerSummary) => inactiveFor(l, total, now);
	const needsHelp = (l: LearnerSummary) => needsHelpOf(l, total, now);
	const stateOf = (l: LearnerSummary): LearnerState =>
		needsHelp(l)
			? 'help'
			: l.passed >= total
				? 'finished'
				: l.opened === 0
					? 'not_started'
					: 'active';

	const needle = query.q.toLocaleLowerCase();
	const filtered = learners.filter(
		(l) =>
			(!needle || l.name.toLocaleLowerCase().includes(needle)) &&
			(query.state === 'all' || stateOf(l) === query.state)
	);
	const collator = new Intl.Collator(locale);
	const byName = (a: LearnerSummary, b: LearnerSummary) => collator.compare(a.name, b.name);
	const compare: Record<SortKey, (a: LearnerSummary, b: LearnerSummary) => number> = {
		name: byName,
		progress: (a, b) => b.passed - a.passed || byName(a, b),
		activity: (a, b) => (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0),
		joined: (a, b) => b.joinedAt.getTime() - a.joinedAt.getTime()
	};
	filtered.sort(compare[query.sort]);
	const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
	const page = Math.min(query.page, pages);
	const shown = filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
	const helpAll = learners.filter(needsHelp).sort(byName);
	const helpShown = helpAll.slice(0, HELP_SHOWN);

	// Lesson cells only for the learners on screen.
	const details = new Map(
		(
			await classLearners(db, classId, {
				ids: [...new Set([...shown, ...helpShown].map((l) => l.userId))]
			})
		).map((l) => [l.userId, l])
	);
	const lessonOf = (slug: string) => {
		const lesson = course.bySlug.get(slug);
		return { number: lesson?.number ?? 0, title: lessonTitle(slug, locale) };
	};
	const help: HelpItem[] = helpShown.map((l) => ({
		userId: l.userId,
		name: l.name,
		reasons: helpReasons(
			details.get(l.userId)?.lessons ?? {},
			inactiveDays(l),
			INACTIVE_DAYS,
			lessonOf
		)
	}));
	const detailOf = (l: LearnerSummary): LearnerRow =>
		details.get(l.userId) ?? {
			...l,
			email: '',
			lessons: {},
			certificateCode: null,
			certificateRevoked: false
		};

	const lessons = course.lessons.map((l) => ({
		slug: l.slug,
		number: l.number,
		title: l.text[locale].title
	}));
	const summaryBySlug = new Map(summaries.map((s) => [s.lesson, s]));
	return {
		total,
		count: learners.length,
		lessons,
		matrix: {
			query: { ...query, page },
			pages,
			matches: filtered.length,
			rows: shown.map((summary) => {
				const l = detailOf(summary);
				return {
					userId: l.userId,
					name: l.name,
					state: stateOf(summary),
					passed: l.passed,
					lastActivity: l.lastActivity?.toISOString() ?? null,
					certificate: l.certificateCode ? (l.certificateRevoked ? 'revoked' : 'earned') : null,
					cells: lessons.map((lesson) => {
						const v = l.lessons[lesson.slug];
						return v ? { best: v[0], attempts: v[1], passed: v[2] } : null;
					})
				};
			})
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
		help,
		helpCount: helpAll.length,
		questions: questionGroups(stats, locale, query.qsort)
	};
}

export type ClassReport = Awaited<ReturnType<typeof buildClassReport>>;
