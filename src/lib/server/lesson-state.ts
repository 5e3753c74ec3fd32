import type { HistoryTuple } from './db/prepared';
import type { LessonProgress, QuizAttempt } from './db/schema';

/** What the statement needs to know of a lesson to read a learner's state in it. */
export interface LessonKey {
	slug: string;
	/** The quiz version: an open attempt of another one needs a new draw (and so the history). */
	version: string;
	/** Submitted attempts the retake rule looks at (`historyNeeded`). */
	historyLimit: number;
}

export interface PastAttempt {
	submittedAt: Date;
	passed: boolean;
	questionIds: string[];
}

/** A learner's rows in one lesson, as a view reads them before deciding what to write. */
export interface LessonState {
	progress: LessonProgress | undefined;
	open: QuizAttempt | undefined;
	/**
	 * Submitted attempts, newest first (at most `historyLimit`). Read only when a draw may be needed
	 * (no open attempt of the current version): empty otherwise.
	 */
	history: PastAttempt[];
}

/** The lesson part of `sessionLesson`'s row (history as JSON tuples: a date in ms, passed, ids). */
export function lessonStateOf(row: {
	progress: LessonProgress | null;
	open: QuizAttempt | null;
	history: HistoryTuple[] | string | null;
}): LessonState {
	const history: HistoryTuple[] =
		typeof row.history === 'string' ? JSON.parse(row.history) : (row.history ?? []);
	return {
		progress: row.progress ?? undefined,
		open: row.open ?? undefined,
		history: history.map(([at, passed, ids]) => ({
			submittedAt: new Date(at),
			passed: passed ?? false,
			questionIds: typeof ids === 'string' ? JSON.parse(ids) : ids
		}))
	};
}

/**
 * The state read together with the session (hooks/auth.ts), handed to the page's load. Keyed by the
 * request's `locals`, so it lives as long as the request.
 */
const stash = new WeakMap<App.Locals, { slug: string; state: LessonState }>();

export function keepLessonState(locals: App.Locals, slug: string, state: LessonState) {
	stash.set(locals, { slug, state });
}

/** The state read with the session for this lesson, once (a second call reads anew). */
export function takeLessonState(locals: App.Locals, slug: string): LessonState | undefined {
	const kept = stash.get(locals);
	stash.delete(locals);
	return kept?.slug === slug ? kept.state : undefined;
}
