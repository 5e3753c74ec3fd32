import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/server/content/load';
import { expectContentError, realFiles } from './files';

const file = 'content/glossary.yaml';

describe('content/glossary.yaml', () => {
	const course = buildCourse(realFiles());

	it('has about forty terms in both languages, each taught in an existing lesson', () => {
		expect(course.glossary.length).toBeGreaterThanOrEqual(40);
		for (const entry of course.glossary) {
			expect(course.bySlug.has(entry.lesson), entry.id).toBe(true);
			expect(entry.term.de && entry.term.en && entry.definition.de && entry.definition.en, entry.id).toBeTruthy();
		}
	});

	it('warns in both DPM entries that the abbreviation means two things', () => {
		const dpm = course.glossary.filter((e) => e.term.en.startsWith('DPM'));
		expect(dpm.map((e) => e.lesson).sort()).toEqual(['esxi', 'kvm-on-ibm-z']);
		for (const e of dpm) {
			expect(e.definition.de).toMatch(/verwechseln/);
			expect(e.definition.en).toMatch(/confused/);
		}
	});

	it('refuses an entry that names a lesson which does not exist', () => {
		const files = realFiles();
		files[file] = files[file].replace('lesson: kvm\n', 'lesson: no-such-lesson\n');
		expectContentError(files, file, /^entries\[\d+\]\.lesson$/);
	});

	it('refuses an entry without its English definition', () => {
		const files = realFiles();
		files[file] = 'entries:\n  - id: x\n    lesson: kvm\n    term: { de: "X", en: "X" }\n    definition: { de: "Ein X." }\n';
		expectContentError(files, file, /definition/);
	});

	it('is optional: a course without a glossary builds with an empty one', () => {
		const files = realFiles();
		delete files[file];
		expect(buildCourse(files).glossary).toEqual([]);
	});
});

describe('glossary terms marked in the lessons', () => {
	const course = buildCourse(realFiles());
	const ids = new Set(course.glossary.map((e) => e.id));
	const lessonDirs = readdirSync('content/lessons').sort();
	const slugOf = (dir: string) => dir.replace(/^\d+-/, '');
	const read = (dir: string, lang: 'de' | 'en') => readFileSync(join('content/lessons', dir, `${lang}.md`), 'utf8');
	/** Terms that may go without a marked defining use, each with the reason. None so far. */
	const exceptions: Record<string, string> = {};

	it('links only to glossary entries that exist, in the one link form', () => {
		for (const dir of lessonDirs) {
			for (const lang of ['de', 'en'] as const) {
				const text = read(dir, lang);
				for (const m of text.matchAll(/href="\/glossary#([^"]*)"/g)) {
					expect(ids.has(m[1]), `${dir}/${lang}.md links to unknown entry #${m[1]}`).toBe(true);
				}
				// Every glossary link is a term link, and a <dfn> only ever sits inside one.
				const links = [...text.matchAll(/<a [^>]*href="\/glossary#[^"]*"[^>]*>/g)].map((m) => m[0]);
				for (const link of links) expect(link, `${dir}/${lang}.md`).toMatch(/^<a class="term" href="\/glossary#[a-z0-9-]+">$/);
				const dfns = text.match(/<dfn>/g)?.length ?? 0;
				const wrapped = text.match(/<a class="term" href="\/glossary#[a-z0-9-]+"><dfn>[^<{}]+<\/dfn><\/a>/g)?.length ?? 0;
				expect(dfns, `${dir}/${lang}.md: every <dfn> is the text of a term link`).toBe(wrapped);
			}
		}
	});

	it('marks, in both languages, the use of each term in the lesson that teaches it with <dfn>', () => {
		for (const entry of course.glossary) {
			if (exceptions[entry.id]) continue;
			const dir = lessonDirs.find((d) => slugOf(d) === entry.lesson)!;
			for (const lang of ['de', 'en'] as const) {
				const defining = new RegExp(`<a class="term" href="/glossary#${entry.id}"><dfn>[^<]+</dfn></a>`, 'g');
				expect(read(dir, lang).match(defining)?.length ?? 0, `${entry.id} in ${dir}/${lang}.md`).toBe(1);
			}
		}
	});

	it('uses <dfn> only in the lesson that teaches the term', () => {
		const lessonOf = new Map(course.glossary.map((e) => [e.id, e.lesson]));
		for (const dir of lessonDirs) {
			for (const lang of ['de', 'en'] as const) {
				for (const m of read(dir, lang).matchAll(/href="\/glossary#([a-z0-9-]+)"><dfn>/g)) {
					expect(lessonOf.get(m[1]), `<dfn> for ${m[1]} in ${dir}/${lang}.md`).toBe(slugOf(dir));
				}
			}
		}
	});
});
