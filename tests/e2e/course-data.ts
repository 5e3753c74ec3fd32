import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Test-only view of content/: the e2e tests need the keys to answer right (or wrong) on purpose. */
export interface KeyedQuestion {
	id: string;
	type: string;
	section: string;
	explanation: { de: string; en: string };
	options?: { id: string; correct?: boolean; text: { de: string; en: string } }[];
	answer?: boolean | number;
	items?: { id: string; text: { de: string; en: string } }[];
	pairs?: { id: string; left: { de: string; en: string }; right: { de: string; en: string } }[];
}

export const lessonFolders = readdirSync('content/lessons').sort();

export function slugOf(folder: string) {
	return folder.replace(/^\d{2}-/, '');
}

export function frontmatter(folder: string, locale: 'de' | 'en') {
	const raw = readFileSync(`content/lessons/${folder}/${locale}.md`, 'utf8');
	return parse(/^---\n([\s\S]*?)\n---/.exec(raw)![1]) as { title: string; minutes: number };
}

export function quizOf(folder: string): KeyedQuestion[] {
	return parse(readFileSync(`content/lessons/${folder}/quiz.yaml`, 'utf8')).questions;
}

export function folderOf(slug: string) {
	return lessonFolders.find((f) => slugOf(f) === slug)!;
}
