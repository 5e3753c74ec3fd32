import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/server/content/load';
import { expectContentError, realFiles } from './files';

const hv = 'content/lessons/03-hypervisors';

describe('the real course content', () => {
	const course = buildCourse(realFiles());

	it('has nine lessons in chapter order, each with a quiz pool of at least 8 drawing 5', () => {
		expect(course.lessons.map((l) => l.slug)).toEqual([
			'introduction',
			'virtualization-basics',
			'hypervisors',
			'kvm',
			'kvm-on-ibm-z',
			'esxi',
			'comparison-performance-cost',
			'comparison-complexity-functionality',
			'conclusion'
		]);
		for (const lesson of course.lessons) {
			expect(lesson.quiz.questions.length, lesson.slug).toBeGreaterThanOrEqual(8);
			expect(lesson.quiz.draw, lesson.slug).toBe(5);
			expect(new Set(lesson.quiz.questions.map((q) => q.type)).size, lesson.slug).toBeGreaterThanOrEqual(3);
		}
	});

	it('has the same sections, figures and tables in German and English', () => {
		for (const lesson of course.lessons) {
			const { de, en } = lesson.text;
			expect(en.sections.map((s) => s.id), lesson.slug).toEqual(de.sections.map((s) => s.id));
			expect(en.figures, lesson.slug).toEqual(de.figures);
			const raw = (l: string) => readFileSync(`content/lessons/${lesson.folder}/${l}.md`, 'utf8');
			const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
			for (const re of [/<table/g, /<tr/g, /<aside/g, /<caption/g]) {
				expect(count(raw('en'), re), `${lesson.slug} ${re}`).toBe(count(raw('de'), re));
			}
		}
	});

	it('gives every question both languages, an explanation and a section that exists', () => {
		const ids = course.lessons.flatMap((l) => l.quiz.questions.map((q) => q.id));
		expect(new Set(ids).size).toBe(ids.length);
		for (const lesson of course.lessons) {
			const sections = new Set(lesson.text.de.sections.map((s) => s.id));
			for (const q of lesson.quiz.questions) {
				expect(sections.has(q.section), q.id).toBe(true);
				expect(q.explanation.de.length, q.id).toBeGreaterThan(20);
				expect(q.explanation.en.length, q.id).toBeGreaterThan(20);
			}
		}
	});

	it('keeps the lessons free of bare braces that Svelte would evaluate', () => {
		for (const lesson of course.lessons) {
			for (const l of ['de', 'en']) {
				const body = readFileSync(`content/lessons/${lesson.folder}/${l}.md`, 'utf8')
					.replace(/\{#[a-z0-9-]+\}/g, '')
					.replace(/`[^`]*`/g, '');
				expect(body, `${lesson.slug}/${l}.md`).not.toMatch(/[{}]/);
			}
		}
	});
});

describe('the content index rejects broken content, naming file and field', () => {
	it('a missing language', () => {
		const files = realFiles();
		delete files[`${hv}/en.md`];
		expectContentError(files, `${hv}/en.md`, /file/);
	});

	it('a missing frontmatter field', () => {
		const files = realFiles();
		files[`${hv}/de.md`] = files[`${hv}/de.md`].replace(/^minutes: .*$/m, '');
		expectContentError(files, `${hv}/de.md`, /minutes/);
	});

	it('a question id that is not unique', () => {
		const files = realFiles();
		const quiz = files[`${hv}/quiz.yaml`];
		const first = /- id: ([a-z0-9-]+)/.exec(files['content/lessons/01-introduction/quiz.yaml'])![1];
		files[`${hv}/quiz.yaml`] = quiz.replace(/- id: [a-z0-9-]+/, `- id: ${first}`);
		expectContentError(files, `${hv}/quiz.yaml`, /questions\.0\.id/);
	});

	it('a single-choice question with two correct options', () => {
		const files = realFiles();
		files[`${hv}/quiz.yaml`] = `draw: 1
questions:
  - id: broken-single
    type: single
    source: "2.1.1"
    section: vmm
    prompt: { de: "Frage", en: "Question" }
    options:
      - { id: a, text: { de: "A", en: "A" }, correct: true }
      - { id: b, text: { de: "B", en: "B" }, correct: true }
    explanation: { de: "Erklärung", en: "Explanation" }
    hint: { de: "Hinweis", en: "Hint" }
`;
		expectContentError(files, `${hv}/quiz.yaml`, /questions\.0\.options/);
	});

	it('a lesson missing from course.yaml', () => {
		const files = realFiles();
		files['content/course.yaml'] = files['content/course.yaml'].replace('hypervisors, ', '');
		expectContentError(files, hv, /folder/);
	});

	it('a lesson in course.yaml without a folder', () => {
		const files = realFiles();
		files['content/course.yaml'] = files['content/course.yaml'].replace('[conclusion]', '[conclusion, epilogue]');
		expectContentError(files, 'content/course.yaml', /epilogue/);
	});

	it('sections that differ between the languages', () => {
		const files = realFiles();
		files[`${hv}/en.md`] = files[`${hv}/en.md`].replace('{#type2}', '{#type-two}');
		expectContentError(files, `${hv}/en.md`, /sections/);
	});

	it('a question pointing at a section that does not exist', () => {
		const files = realFiles();
		files[`${hv}/quiz.yaml`] = files[`${hv}/quiz.yaml`].replace(/section: [a-z0-9-]+/, 'section: nowhere');
		expectContentError(files, `${hv}/quiz.yaml`, /section/);
	});

	it('a figure that does not exist', () => {
		const files = realFiles();
		delete files['content/figures/hypervisor-type1.de.svg'];
		expectContentError(files, `${hv}/de.md`, /figure hypervisor-type1/);
	});

	it('invalid YAML', () => {
		const files = realFiles();
		files[`${hv}/quiz.yaml`] = 'questions: [unclosed';
		expectContentError(files, `${hv}/quiz.yaml`, /YAML/);
	});

	it('an unknown question type and a multiple-choice question without a wrong option', () => {
		const files = realFiles();
		const q = (type: string, extra: string) => `draw: 1
questions:
  - id: broken-q
    type: ${type}
    source: "2.1.1"
    section: vmm
    prompt: { de: "Frage", en: "Question" }
    explanation: { de: "Erklärung", en: "Explanation" }
    hint: { de: "Hinweis", en: "Hint" }
${extra}`;
		files[`${hv}/quiz.yaml`] = q('essay', '');
		expectContentError(files, `${hv}/quiz.yaml`, /type/);
		files[`${hv}/quiz.yaml`] = q('multiple', `    options:
      - { id: a, text: { de: "A", en: "A" }, correct: true }
      - { id: b, text: { de: "B", en: "B" }, correct: true }
`);
		expectContentError(files, `${hv}/quiz.yaml`, /options/);
	});
});
