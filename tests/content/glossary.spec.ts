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
