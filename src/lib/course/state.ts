import * as m from '$lib/paraglide/messages';

export interface ProgressInfo {
	attempts: number;
	bestPercent: number | null;
	passed: boolean;
}

export type LessonState = 'not_started' | 'read' | 'tried' | 'passed';

export function lessonState(p: ProgressInfo | null | undefined): LessonState {
	if (!p) return 'not_started';
	if (p.passed) return 'passed';
	return p.attempts > 0 ? 'tried' : 'read';
}

export function stateLabel(p: ProgressInfo | null | undefined): string {
	const state = lessonState(p);
	if (state === 'passed') return m.state_passed({ percent: p!.bestPercent ?? 0 });
	if (state === 'tried') return m.state_tried({ percent: p!.bestPercent ?? 0 });
	return state === 'read' ? m.state_read() : m.state_not_started();
}
