export type Locale = 'de' | 'en';
export type Localized = Record<Locale, string>;

interface Base {
	id: string;
	source: string;
	section: string;
	prompt: Localized;
	explanation: Localized;
	/** Shown after a failed attempt: points at what to re-read without giving the answer away. */
	hint: Localized;
}

export interface Option {
	id: string;
	text: Localized;
	correct: boolean;
}

export type Question =
	| (Base & { type: 'single' | 'multiple'; options: Option[] })
	| (Base & { type: 'truefalse'; answer: boolean })
	| (Base & { type: 'number'; answer: number; tolerance: number; unit?: Localized })
	| (Base & { type: 'order'; items: { id: string; text: Localized }[] })
	| (Base & { type: 'match'; pairs: { id: string; left: Localized; right: Localized }[] });

export type QuestionType = Question['type'];

export interface Quiz {
	/** Hash of quiz.yaml: attempts remember which version they answered. */
	version: string;
	draw: number;
	questions: Question[];
}
