import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildCourse, ContentError, type ContentFiles } from '../../src/lib/server/content/load';

/** The real content/ folder, read from disk as the server bundles it. */
export function realFiles(): ContentFiles {
	const files: ContentFiles = {
		'content/course.yaml': readFileSync('content/course.yaml', 'utf8'),
		'content/glossary.yaml': readFileSync('content/glossary.yaml', 'utf8')
	};
	for (const dir of readdirSync('content/lessons')) {
		for (const f of readdirSync(join('content/lessons', dir))) {
			files[`content/lessons/${dir}/${f}`] = readFileSync(join('content/lessons', dir, f), 'utf8');
		}
	}
	for (const f of readdirSync('content/figures')) files[`content/figures/${f}`] = 'svg';
	return files;
}

export function expectContentError(files: ContentFiles, file: string, field: RegExp) {
	try {
		buildCourse(files);
	} catch (error) {
		expect(error).toBeInstanceOf(ContentError);
		expect((error as ContentError).file).toBe(file);
		expect((error as ContentError).field).toMatch(field);
		return;
	}
	expect.fail(`expected a ContentError for ${file}`);
}

/** A question of quiz.yaml as the tests edit it (plain YAML data, keys included). */
export interface RawQuestion {
	id: string;
	type: string;
	answer?: boolean | number;
	options?: { id: string; text: { de: string; en: string }; correct?: boolean }[];
	items?: { id: string; text: { de: string; en: string } }[];
	pairs?: { id: string; left: { de: string; en: string }; right: { de: string; en: string } }[];
	hint?: { de: string; en: string };
	[key: string]: unknown;
}

/** Parses `file`, lets `edit` change its questions and writes it back; returns what `edit` returns. */
export function editQuiz<T>(files: ContentFiles, file: string, edit: (questions: RawQuestion[]) => T): T {
	const quiz = parse(files[file]) as { questions: RawQuestion[] };
	const result = edit(quiz.questions);
	files[file] = stringify(quiz);
	return result;
}

/** Index of the first question of `type` in `file`. */
export function firstOfType(files: ContentFiles, file: string, type: string): number {
	const index = (parse(files[file]) as { questions: RawQuestion[] }).questions.findIndex((q) => q.type === type);
	if (index < 0) throw new Error(`${file} has no ${type} question`);
	return index;
}

/** The learner-visible strings of one language in a parsed quiz. */
export function quizStrings(node: unknown, lang: 'de' | 'en', out: string[] = []): string[] {
	if (Array.isArray(node)) node.forEach((n) => quizStrings(n, lang, out));
	else if (node && typeof node === 'object') {
		for (const [key, value] of Object.entries(node)) {
			if (key === lang && typeof value === 'string') out.push(value);
			else quizStrings(value, lang, out);
		}
	}
	return out;
}
