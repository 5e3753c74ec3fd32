import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_RETAKES, type RetakePolicy } from '../quiz/retakes';
import type { Locale, Localized, Quiz } from '../quiz/types';
import { courseSchema, frontmatterSchema, glossarySchema, quizSchema } from './schema';

export const LOCALES: readonly Locale[] = ['de', 'en'];

/** The raw files of `content/`, keyed by their path relative to the project (e.g. `content/course.yaml`). */
export type ContentFiles = Record<string, string>;

export class ContentError extends Error {
	constructor(
		readonly file: string,
		readonly field: string,
		problem: string
	) {
		super(`${file}: ${field}: ${problem}`);
		this.name = 'ContentError';
	}
}

export interface Section {
	id: string;
	title: string;
	depth: number;
}

export interface LessonText {
	title: string;
	summary: string;
	minutes: number;
	source: string;
	goals: string[];
	sections: Section[];
	figures: string[];
}

export interface Lesson {
	slug: string;
	folder: string;
	number: number;
	chapter: number;
	text: Record<Locale, LessonText>;
	quiz: Quiz;
}

export interface GlossaryEntry {
	id: string;
	/** Slug of the lesson that teaches the term. */
	lesson: string;
	term: Localized;
	definition: Localized;
}

export interface Course {
	title: Localized;
	description: Localized;
	goals: Record<Locale, string[]>;
	passPercent: number;
	retakes: RetakePolicy;
	chapters: { title: Localized; lessons: string[] }[];
	lessons: Lesson[];
	bySlug: Map<string, Lesson>;
	/** From content/glossary.yaml (optional file); every entry names an existing lesson. */
	glossary: GlossaryEntry[];
}

function parseGlossary(files: ContentFiles, slugs: Set<string>): GlossaryEntry[] {
	const file = 'content/glossary.yaml';
	if (!(file in files)) return [];
	const { entries } = validate(glossarySchema, parseYamlFile(file, files[file]), file);
	entries.forEach((entry, i) => {
		if (!slugs.has(entry.lesson)) {
			throw new ContentError(file, `entries[${i}].lesson`, `no lesson "${entry.lesson}" (entry ${entry.id})`);
		}
	});
	return entries;
}

function parseYamlFile(file: string, text: string): unknown {
	try {
		return parseYaml(text);
	} catch (error) {
		throw new ContentError(file, 'YAML', (error as Error).message.split('\n')[0]);
	}
}

function validate<S extends v.GenericSchema>(schema: S, value: unknown, file: string): v.InferOutput<S> {
	const result = v.safeParse(schema, value);
	if (result.success) return result.output;
	const issue = result.issues[0];
	throw new ContentError(file, v.getDotPath(issue) ?? '(root)', issue.message);
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;
const HEADING = /^(#{2,3})\s+(.+?)\s*\{#([a-z0-9-]+)\}\s*$/gm;
const FIGURE = /!\[[^\]]*\]\(figures\/([a-z0-9-]+)\.(de|en)\.svg(?:\s+"[^"]*")?\)/g;

function parseLessonText(file: string, raw: string, locale: Locale, figures: Set<string>): LessonText {
	const match = FRONTMATTER.exec(raw);
	if (!match) throw new ContentError(file, 'frontmatter', 'missing (the file must start with ---)');
	const fm = validate(frontmatterSchema, parseYamlFile(file, match[1]), file);
	const body = raw.slice(match[0].length);
	const sections = [...body.matchAll(HEADING)].map((h) => ({ id: h[3], title: h[2], depth: h[1].length }));
	if (sections.length === 0) throw new ContentError(file, 'sections', 'no `## Heading {#id}` found');
	const seen = new Set<string>();
	for (const s of sections) {
		if (seen.has(s.id)) throw new ContentError(file, `section #${s.id}`, 'id used twice');
		seen.add(s.id);
	}
	if (sections.at(-1)?.id !== 'summary') {
		throw new ContentError(file, 'sections', 'the last section must be the summary {#summary}');
	}
	const used = [...body.matchAll(FIGURE)];
	for (const [, name, lang] of used) {
		if (lang !== locale) throw new ContentError(file, `figure ${name}`, `uses the ${lang} version`);
		if (!figures.has(`${name}.${lang}`)) {
			throw new ContentError(file, `figure ${name}`, `content/figures/${name}.${lang}.svg does not exist`);
		}
	}
	return { ...fm, sections, figures: used.map((f) => f[1]) };
}

type Question = Quiz['questions'][number];
type Choice = Extract<Question, { type: 'single' | 'multiple' }>;

/** Lower-cased, whitespace collapsed, trailing punctuation dropped: how texts are compared with hints. */
function normalize(text: string): string {
	return text
		.normalize('NFC')
		.toLowerCase()
		.replace(/[\s\u00a0\u202f]+/g, ' ')
		.replace(/^[\s"'„“”«»‚‘’]+|[\s.,;:!?"'„“”«»‚‘’]+$/g, '')
		.trim();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where `text` occurs in `hint` (index, or -1): texts of 12 characters or more anywhere, shorter ones
 * only as a whole word or phrase (so the option "ARM" is not found in "Warmstart").
 */
function findIn(hint: string, text: string): number {
	const h = normalize(hint);
	const t = normalize(text);
	if (!t) return -1;
	if (t.length >= 12) return h.indexOf(t);
	const word = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(t)}(?![\\p{L}\\p{N}])`, 'u');
	return word.exec(h)?.index ?? -1;
}

/** Every number a text could be read as: 10 000, 10'000, 10,000 and 10.000 as ten thousand, 3,5 as 3.5. */
function numbersIn(text: string): number[] {
	const found: number[] = [];
	for (const [token] of text.matchAll(/\d(?:[\d'’\u00a0\u202f ,.]*\d)?/g)) {
		for (const part of new Set([token, ...token.split(/[\s\u00a0\u202f]+/)])) {
			const digits = part.replace(/^[^\d]+|[^\d]+$/g, '');
			if (!digits) continue;
			found.push(Number(digits.replace(/[^\d]/g, '')));
			const decimal = /^(.*)[.,](\d+)$/.exec(digits);
			if (decimal) found.push(Number(`${decimal[1].replace(/[^\d]/g, '') || '0'}.${decimal[2]}`));
		}
	}
	return found;
}

/** Word stems of a text: words of 5 letters or more, lower-cased, ß as ss, cut to their first 6 letters. */
function stems(text: string): string[] {
	return [...normalize(text).replace(/ß/g, 'ss').matchAll(/[\p{L}]{5,}/gu)].map((m) => m[0].slice(0, 6));
}

/**
 * The key words of each of `texts`: stems that no other of the texts has and that `given` (what the
 * question shows anyway: prompt, left-hand items) does not have either.
 */
function keyWords(texts: string[], given: string): Set<string>[] {
	const shown = new Set(stems(given));
	const all = texts.map((t) => new Set(stems(t)));
	return all.map((own, i) => {
		const others = new Set(all.flatMap((s, j) => (j === i ? [] : [...s])));
		return new Set([...own].filter((w) => !others.has(w) && !shown.has(w)));
	});
}

/**
 * Whether a match hint names the key words of three or more right-hand texts (or of all, when there are
 * fewer) in the order of the pairs: then it reads as the mapping, left item by left item.
 */
function mapsPairs(q: Extract<Question, { type: 'match' }>, locale: Locale): number {
	const hint = stems(q.hint[locale]);
	const given = [q.prompt[locale], ...q.pairs.map((p) => p.left[locale])].join(' ');
	const keys = keyWords(
		q.pairs.map((p) => p.right[locale]),
		given
	);
	// walk the pairs in order, each matched after the previous one's position
	let at = -1;
	let named = 0;
	for (const own of keys) {
		const next = hint.findIndex((w, i) => i > at && own.has(w));
		if (next >= 0) [at, named] = [next, named + 1];
	}
	return named >= Math.min(3, q.pairs.length) ? named : 0;
}

/** Whether a single-choice hint holds half or more of the key words only the correct option has. */
function nearlyNamesKey(q: Choice, locale: Locale): boolean {
	if (q.type !== 'single') return false;
	const key = q.options.findIndex((o) => o.correct);
	const keys = keyWords(
		q.options.map((o) => o.text[locale]),
		q.prompt[locale]
	)[key];
	if (keys.size === 0) return false;
	const hint = new Set(stems(q.hint[locale]));
	const hits = [...keys].filter((w) => hint.has(w)).length;
	return hits >= Math.max(1, Math.ceil(keys.size / 2));
}

const VERDICT: Record<Locale, RegExp> = {
	de: /^[\s\p{P}\p{S}]*(richtig|falsch|stimmt|korrekt|ja|nein|wahr)(?![\p{L}\p{N}])/iu,
	en: /^[\s\p{P}\p{S}]*(true|false|correct|wrong|yes|no|right)(?![\p{L}\p{N}])/iu
};

/** Why a hint gives the answer away, or undefined when it does not. */
function hintLeak(q: Question, locale: Locale): string | undefined {
	const hint = q.hint[locale];
	switch (q.type) {
		case 'truefalse': {
			const verdict = VERDICT[locale].exec(hint);
			return verdict ? `starts with the verdict "${verdict[1]}"` : undefined;
		}
		case 'number': {
			const hit = numbersIn(hint).find((n) => Math.abs(n - q.answer) <= q.tolerance + 1e-9);
			return hit === undefined ? undefined : `contains the answer (${hit})`;
		}
		case 'single':
		case 'multiple': {
			const key = q.options.find((o) => o.correct && findIn(hint, o.text[locale]) >= 0);
			if (key) return `quotes the correct option ${key.id}`;
			return nearlyNamesKey(q, locale) ? 'uses the words only the correct option has' : undefined;
		}
		case 'match': {
			const pair = q.pairs.find((p) => findIn(hint, p.right[locale]) >= 0);
			if (pair) return `quotes the right-hand text of pair ${pair.id}`;
			const mapped = mapsPairs(q, locale);
			return mapped ? `names key words of ${mapped} right-hand texts in the order of the pairs` : undefined;
		}
		case 'order': {
			const seen = q.items
				.map((item, rank) => ({ rank, at: findIn(hint, item.text[locale]) }))
				.filter((x) => x.at >= 0)
				.sort((a, b) => a.at - b.at);
			const inOrder = seen.length >= 2 && seen.every((x, k) => k === 0 || seen[k - 1].rank < x.rank);
			return inOrder ? `lists ${seen.length} items in their correct order` : undefined;
		}
	}
}

/**
 * Keys must not be guessable from the file's patterns: single-choice keys spread over positions,
 * multiple-choice keys not always the first options, true/false answers not all the same.
 */
function checkKeyBalance(file: string, questions: Question[]) {
	const ofType = (type: Choice['type']) => questions.filter((q): q is Choice => q.type === type);
	const singles = ofType('single');
	if (singles.length >= 3) {
		const counts = new Map<number, number>();
		for (const q of singles) {
			const at = q.options.findIndex((o) => o.correct);
			counts.set(at, (counts.get(at) ?? 0) + 1);
		}
		const [at, count] = [...counts].sort((a, b) => b[1] - a[1])[0];
		if (count > singles.length / 2) {
			throw new ContentError(
				file,
				'questions (single-choice keys)',
				`${count} of ${singles.length} keys are at position ${at + 1}: spread them over the positions (at most half at one)`
			);
		}
	}
	const multiples = ofType('multiple');
	const isPrefix = (q: Choice) => {
		const k = q.options.filter((o) => o.correct).length;
		return q.options.every((o, i) => o.correct === i < k);
	};
	if (multiples.length >= 2 && multiples.every(isPrefix)) {
		throw new ContentError(
			file,
			'questions (multiple-choice keys)',
			'in every multiple-choice question the correct options are the first ones: mix them with the wrong ones'
		);
	}
	const answers = questions.filter((q) => q.type === 'truefalse').map((q) => q.answer);
	if (answers.length >= 3 && new Set(answers).size === 1) {
		throw new ContentError(
			file,
			'questions (true/false answers)',
			`all ${answers.length} true/false answers are ${answers[0]}: make some of the statements ${!answers[0]}`
		);
	}
}

function parseQuiz(file: string, raw: string, sections: Set<string>, seenIds: Map<string, string>): Quiz {
	const quiz = validate(quizSchema, parseYamlFile(file, raw), file);
	quiz.questions.forEach((q, i) => {
		if (!sections.has(q.section)) {
			throw new ContentError(file, `questions.${i}.section`, `no section {#${q.section}} in the lesson`);
		}
		const other = seenIds.get(q.id);
		if (other) throw new ContentError(file, `questions.${i}.id`, `"${q.id}" is already used in ${other}`);
		seenIds.set(q.id, file);
		for (const locale of LOCALES) {
			const leak = hintLeak(q, locale);
			if (leak) throw new ContentError(file, `questions.${i}.hint.${locale}`, `gives the answer away: ${leak}`);
		}
	});
	checkKeyBalance(file, quiz.questions);
	const draw = Math.min(quiz.draw ?? quiz.questions.length, quiz.questions.length);
	if (quiz.draw && quiz.draw > quiz.questions.length) {
		throw new ContentError(file, 'draw', `draws ${quiz.draw} but the pool has ${quiz.questions.length}`);
	}
	const version = createHash('sha256').update(raw).digest('hex').slice(0, 16);
	return { version, draw, questions: quiz.questions };
}

/** Validates all of `content/` and builds the course. Throws a ContentError naming file and field. */
export function buildCourse(files: ContentFiles): Course {
	const courseFile = 'content/course.yaml';
	if (!(courseFile in files)) throw new ContentError(courseFile, '(file)', 'missing');
	const meta = validate(courseSchema, parseYamlFile(courseFile, files[courseFile]), courseFile);

	const figures = new Set(
		Object.keys(files)
			.map((p) => /^content\/figures\/([a-z0-9-]+\.(?:de|en))\.svg$/.exec(p)?.[1])
			.filter((x): x is string => !!x)
	);
	const folders = new Map<string, string>();
	for (const path of Object.keys(files)) {
		const m = /^content\/lessons\/(\d{2})-([a-z0-9-]+)\//.exec(path);
		if (m) folders.set(m[2], `${m[1]}-${m[2]}`);
	}
	const order = meta.chapters.flatMap((c) => c.lessons);
	if (new Set(order).size !== order.length) {
		throw new ContentError(courseFile, 'chapters', 'a lesson is listed twice');
	}
	for (const slug of folders.keys()) {
		if (!order.includes(slug)) {
			throw new ContentError(`content/lessons/${folders.get(slug)}`, '(folder)', 'not listed in course.yaml');
		}
	}

	const questionIds = new Map<string, string>();
	const lessons: Lesson[] = order.map((slug, index) => {
		const folder = folders.get(slug);
		if (!folder) throw new ContentError(courseFile, `chapters: ${slug}`, `no folder content/lessons/NN-${slug}`);
		const dir = `content/lessons/${folder}`;
		const text = {} as Record<Locale, LessonText>;
		for (const locale of LOCALES) {
			const file = `${dir}/${locale}.md`;
			if (!(file in files)) throw new ContentError(file, '(file)', `missing: every lesson needs ${LOCALES.join('.md and ')}.md`);
			text[locale] = parseLessonText(file, files[file], locale, figures);
		}
		const [de, en] = [text.de, text.en];
		const ids = (t: LessonText) => t.sections.map((s) => s.id).join(',');
		if (ids(de) !== ids(en)) {
			throw new ContentError(`${dir}/en.md`, 'sections', `differ from de.md (${ids(en)} vs ${ids(de)})`);
		}
		if (de.figures.join() !== en.figures.join()) {
			throw new ContentError(`${dir}/en.md`, 'figures', 'differ from de.md');
		}
		const quizFile = `${dir}/quiz.yaml`;
		if (!(quizFile in files)) throw new ContentError(quizFile, '(file)', 'missing');
		const quiz = parseQuiz(quizFile, files[quizFile], new Set(de.sections.map((s) => s.id)), questionIds);
		const chapter = meta.chapters.findIndex((c) => c.lessons.includes(slug));
		return { slug, folder, number: index + 1, chapter, text, quiz };
	});

	return {
		title: meta.title,
		description: meta.description,
		goals: meta.goals,
		passPercent: meta.passPercent,
		retakes: { ...DEFAULT_RETAKES, ...meta.retakes },
		chapters: meta.chapters,
		lessons,
		bySlug: new Map(lessons.map((l) => [l.slug, l])),
		glossary: parseGlossary(files, new Set(order))
	};
}
