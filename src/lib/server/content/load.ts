import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_RETAKES, type RetakePolicy } from '../quiz/retakes';
import type { Locale, Localized, Quiz } from '../quiz/types';
import { courseSchema, frontmatterSchema, quizSchema } from './schema';

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

export interface Course {
	title: Localized;
	description: Localized;
	goals: Record<Locale, string[]>;
	passPercent: number;
	retakes: RetakePolicy;
	chapters: { title: Localized; lessons: string[] }[];
	lessons: Lesson[];
	bySlug: Map<string, Lesson>;
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

function parseQuiz(file: string, raw: string, sections: Set<string>, seenIds: Map<string, string>): Quiz {
	const quiz = validate(quizSchema, parseYamlFile(file, raw), file);
	quiz.questions.forEach((q, i) => {
		if (!sections.has(q.section)) {
			throw new ContentError(file, `questions.${i}.section`, `no section {#${q.section}} in the lesson`);
		}
		const other = seenIds.get(q.id);
		if (other) throw new ContentError(file, `questions.${i}.id`, `"${q.id}" is already used in ${other}`);
		seenIds.set(q.id, file);
	});
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
		bySlug: new Map(lessons.map((l) => [l.slug, l]))
	};
}
