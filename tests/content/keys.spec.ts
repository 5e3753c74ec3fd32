import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/server/content/load';
import type { Question } from '../../src/lib/server/quiz/types';
import { editQuiz, expectContentError, firstOfType, realFiles } from './files';

type Choice = Extract<Question, { type: 'single' | 'multiple' }>;

const lessons = buildCourse(realFiles()).lessons;
const keyAt = (q: Choice) => q.options.findIndex((o) => o.correct);
const isPrefix = (q: Choice) => {
	const k = q.options.filter((o) => o.correct).length;
	return q.options.every((o, i) => o.correct === i < k);
};
const choices = (type: 'single' | 'multiple') =>
	lessons.flatMap((l) => l.quiz.questions.filter((q): q is Choice => q.type === type));

describe('the real quizzes cannot be passed from patterns in the content', () => {
	it('spread the single-choice keys over the positions, in every file and across the course', () => {
		const course = [0, 0, 0, 0];
		for (const lesson of lessons) {
			const singles = lesson.quiz.questions.filter((q): q is Choice => q.type === 'single');
			const counts = [0, 0, 0, 0, 0, 0];
			for (const q of singles) counts[keyAt(q)]++;
			singles.forEach((q) => course[keyAt(q)]++);
			expect(Math.max(...counts), lesson.slug).toBeLessThanOrEqual(Math.max(1, singles.length / 2));
		}
		const total = course.reduce((a, b) => a + b, 0);
		expect(total).toBeGreaterThanOrEqual(20);
		for (const [position, count] of course.entries()) {
			// roughly uniform: every position holds between 15 % and 35 % of the keys
			expect(count / total, `position ${position + 1}`).toBeGreaterThanOrEqual(0.15);
			expect(count / total, `position ${position + 1}`).toBeLessThanOrEqual(0.35);
		}
	});

	it('do not make the correct option systematically the longest', () => {
		const singles = choices('single');
		for (const locale of ['de', 'en'] as const) {
			const longest = singles.filter((q) => {
				const lengths = q.options.map((o) => o.text[locale].length);
				return lengths[keyAt(q)] === Math.max(...lengths);
			});
			expect(longest.length / singles.length, locale).toBeLessThanOrEqual(1 / 3);
		}
	});

	it('mix the correct options of multiple-choice questions with the wrong ones', () => {
		const multiples = choices('multiple');
		expect(multiples.length).toBeGreaterThanOrEqual(5);
		expect(multiples.filter(isPrefix).length).toBeLessThanOrEqual(multiples.length / 4);
		for (const lesson of lessons) {
			const own = lesson.quiz.questions.filter((q): q is Choice => q.type === 'multiple');
			if (own.length >= 2) expect(own.every(isPrefix), lesson.slug).toBe(false);
		}
	});

	it('do not give one answer to every true/false statement of a lesson', () => {
		for (const lesson of lessons) {
			const answers = lesson.quiz.questions.flatMap((q) => (q.type === 'truefalse' ? [q.answer] : []));
			if (answers.length >= 2) expect(new Set(answers).size, lesson.slug).toBe(2);
		}
	});

	it('give every question a hint in both languages that differs from its explanation', () => {
		for (const q of lessons.flatMap((l) => l.quiz.questions)) {
			for (const locale of ['de', 'en'] as const) {
				expect(q.hint[locale].length, `${q.id} ${locale}`).toBeGreaterThan(30);
				expect(q.hint[locale], `${q.id} ${locale}`).not.toBe(q.explanation[locale]);
			}
			expect(q.hint.de, q.id).not.toMatch(/ß/);
		}
	});

	it('use option ids that follow the display position, not correctness', () => {
		for (const q of [...choices('single'), ...choices('multiple')]) {
			expect(q.options.map((o) => o.id).join(''), q.id).toBe('abcdefgh'.slice(0, q.options.length));
		}
	});
});

const hv = 'content/lessons/03-hypervisors';
const kvmz = 'content/lessons/05-kvm-on-ibm-z';
const concl = 'content/lessons/09-conclusion';
const intro = 'content/lessons/01-introduction';

describe('the content index rejects quizzes whose keys follow a pattern', () => {
	it('a file whose single-choice keys are all the first option', () => {
		const files = realFiles();
		editQuiz(files, `${hv}/quiz.yaml`, (questions) => {
			for (const q of questions.filter((x) => x.type === 'single')) {
				q.options!.sort((a, b) => Number(!!b.correct) - Number(!!a.correct));
			}
		});
		expectContentError(files, `${hv}/quiz.yaml`, /single-choice keys/);
	});

	it('a file whose multiple-choice keys are always the first options', () => {
		const files = realFiles();
		editQuiz(files, `${kvmz}/quiz.yaml`, (questions) => {
			for (const q of questions.filter((x) => x.type === 'multiple')) {
				q.options!.sort((a, b) => Number(!!b.correct) - Number(!!a.correct));
			}
		});
		expectContentError(files, `${kvmz}/quiz.yaml`, /multiple-choice keys/);
	});

	it('a file whose true/false statements all have the same answer', () => {
		const files = realFiles();
		const count = editQuiz(files, `${concl}/quiz.yaml`, (questions) => {
			const tf = questions.filter((x) => x.type === 'truefalse');
			for (const q of tf) q.answer = false;
			return tf.length;
		});
		expect(count).toBeGreaterThanOrEqual(3);
		expectContentError(files, `${concl}/quiz.yaml`, /true\/false answers/);
	});
});

describe('the content index rejects hints that give the answer away', () => {
	it('a question without a hint', () => {
		const files = realFiles();
		editQuiz(files, `${hv}/quiz.yaml`, (questions) => delete questions[0].hint);
		expectContentError(files, `${hv}/quiz.yaml`, /^questions\.0\.hint$/);
	});

	it('a hint that is only whitespace', () => {
		const files = realFiles();
		editQuiz(files, `${hv}/quiz.yaml`, (questions) => (questions[0].hint!.en = '  '));
		expectContentError(files, `${hv}/quiz.yaml`, /^questions\.0\.hint\.en$/);
	});

	it.each([
		['de', 'Richtig, lies den Abschnitt noch einmal.'],
		['de', '„Stimmt“ – lies den Abschnitt noch einmal.'],
		['de', 'nein: lies den Abschnitt noch einmal.'],
		['en', 'False. Re-read the section.'],
		['en', '  correct – re-read the section.'],
		['en', 'Yes, re-read the section.']
	] as const)('a true/false hint that starts with a verdict (%s: %s)', (locale, hint) => {
		const files = realFiles();
		const i = firstOfType(files, `${hv}/quiz.yaml`, 'truefalse');
		editQuiz(files, `${hv}/quiz.yaml`, (questions) => (questions[i].hint![locale] = hint));
		expectContentError(files, `${hv}/quiz.yaml`, new RegExp(`^questions\\.${i}\\.hint\\.${locale}$`));
	});

	it('but not a true/false hint that merely contains such a word later on', () => {
		const files = realFiles();
		const i = firstOfType(files, `${hv}/quiz.yaml`, 'truefalse');
		editQuiz(files, `${hv}/quiz.yaml`, (questions) => {
			questions[i].hint = { de: 'Wahrscheinlich hilft es, den Abschnitt über Typ 1 zu lesen: Ist das richtig?', en: 'Notice what the section on type 1 says: is that right?' };
		});
		expect(() => buildCourse(files)).not.toThrow();
	});

	it.each([
		['1960', 'de'],
		['1 960', 'de'],
		["1'960", 'de'],
		['1.960', 'de'],
		['1,960', 'en'],
		['the 1960s', 'en']
	] as const)('a number hint that contains the answer (%s)', (written, locale) => {
		const files = realFiles();
		const file = `${intro}/quiz.yaml`;
		const i = editQuiz(files, file, (questions) => {
			const index = questions.findIndex((q) => q.type === 'number');
			questions[index].answer = 1960;
			questions[index].hint![locale] = `Lies den Abschnitt über die Ursprünge (${written}).`;
			return index;
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.${locale}$`));
	});

	it('a number hint that contains the answer within its tolerance, or as a decimal comma', () => {
		const files = realFiles();
		const file = `${intro}/quiz.yaml`;
		const i = firstOfType(files, file, 'number');
		editQuiz(files, file, (questions) => {
			Object.assign(questions[i], { answer: 2.5, tolerance: 0.5 });
			questions[i].hint!.en = 'Somewhere around 3 – re-read the section.';
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.en$`));
		editQuiz(files, file, (questions) => {
			Object.assign(questions[i], { answer: 2.5, tolerance: 0 });
			questions[i].hint!.en = 'Re-read the section.';
			questions[i].hint!.de = 'Es sind 2,5 – lies den Abschnitt.';
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.de$`));
	});

	it('but not a number hint with other numbers in it', () => {
		const files = realFiles();
		const file = `${intro}/quiz.yaml`;
		editQuiz(files, file, (questions) => {
			const q = questions.find((x) => x.type === 'number')!;
			q.answer = 1960;
			q.hint = { de: 'Lies Lektion 1, Abschnitt 2 – vor 1964 und 1972.', en: 'See lesson 1: before 1964 and 1972, after 1,950.' };
		});
		expect(() => buildCourse(files)).not.toThrow();
	});

	it('a single-choice hint that quotes the correct option, long or short', () => {
		const files = realFiles();
		const file = `${hv}/quiz.yaml`;
		const i = firstOfType(files, file, 'single');
		const key = editQuiz(files, file, (questions) => {
			const q = questions[i];
			const option = q.options!.find((o) => o.correct)!;
			q.hint!.en = `Re-read the section: ${option.text.en.toUpperCase().replace(/ /g, '  ')}.`;
			return option;
		});
		expect(key.text.en.length).toBeGreaterThanOrEqual(12);
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.en$`));

		const short = realFiles();
		const j = editQuiz(short, file, (questions) => {
			const index = questions.findIndex((q) => q.type === 'single');
			const q = questions[index];
			q.options!.find((o) => o.correct)!.text.de = 'Xen';
			q.hint!.de = 'Denk an Xen und seine Verwandten.';
			return index;
		});
		expectContentError(short, file, new RegExp(`^questions\\.${j}\\.hint\\.de$`));
	});

	it('but not a hint that contains a short correct option only inside another word, or a wrong option', () => {
		const files = realFiles();
		const file = `${hv}/quiz.yaml`;
		editQuiz(files, file, (questions) => {
			const q = questions.find((x) => x.type === 'single')!;
			q.options!.find((o) => o.correct)!.text.de = 'Xen';
			const wrong = q.options!.find((o) => !o.correct)!;
			q.hint = { de: `Xenon ist kein Hypervisor; auch nicht „${wrong.text.de}“.`, en: `Not "${wrong.text.en}".` };
		});
		expect(() => buildCourse(files)).not.toThrow();
	});

	it('a multiple-choice hint that quotes one of the correct options', () => {
		const files = realFiles();
		const file = `${kvmz}/quiz.yaml`;
		const i = firstOfType(files, file, 'multiple');
		editQuiz(files, file, (questions) => {
			const q = questions[i];
			q.hint!.de = `Lies nach: ${q.options!.filter((o) => o.correct).at(-1)!.text.de}`;
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.de$`));
	});

	it('a match hint that quotes a right-hand text', () => {
		const files = realFiles();
		const file = `${hv}/quiz.yaml`;
		const i = firstOfType(files, file, 'match');
		editQuiz(files, file, (questions) => {
			const q = questions[i];
			q.hint!.en = `Remember: ${q.pairs![1].right.en.toLowerCase()}.`;
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.en$`));
	});

	it('a match hint that paraphrases the right-hand texts in pair order (fixture: the old kvm-tools-match hint)', () => {
		const files = realFiles();
		const file = 'content/lessons/04-kvm/quiz.yaml';
		const i = editQuiz(files, file, (questions) => {
			const index = questions.findIndex((q) => q.id === 'kvm-tools-match');
			questions[index].hint!.de =
				'Lies den Abschnitt über QEMU: Welches Werkzeug arbeitet auf der Kommandozeile, welches grafisch, was ist eine Komplettlösung, was ein Desktop-Programm – und was ist gar kein Verwaltungswerkzeug?';
			return index;
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.de$`));
		// the same key words out of pair order do not read as the mapping
		editQuiz(files, file, (questions) => {
			questions[i].hint!.de = 'Lies den Abschnitt: Was ist ein Desktop-Programm, was grafisch, was Kommandozeile?';
		});
		expect(() => buildCourse(files)).not.toThrow();
	});

	it('a single-choice hint that nearly names the key with the words only it has (fixture: the old esxi-rename-version hint)', () => {
		const files = realFiles();
		const file = 'content/lessons/06-esxi/quiz.yaml';
		const i = editQuiz(files, file, (questions) => {
			const index = questions.findIndex((q) => q.id === 'esxi-rename-version');
			questions[index].hint!.en =
				'Re-read the section from ESX to ESXi with its fact check: which version was the last one with the classic architecture, and since when had ESXi existed?';
			return index;
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.en$`));
	});

	it('an order hint that lists items in their correct order, but not one that names them out of order', () => {
		const files = realFiles();
		const file = `${intro}/quiz.yaml`;
		const i = firstOfType(files, file, 'order');
		editQuiz(files, file, (questions) => {
			const items = questions[i].items!;
			questions[i].hint!.de = `Zuerst ${items[0].text.de}, viel später ${items[2].text.de}.`;
		});
		expectContentError(files, file, new RegExp(`^questions\\.${i}\\.hint\\.de$`));
		editQuiz(files, file, (questions) => {
			const items = questions[i].items!;
			questions[i].hint!.de = `Wer kam vor wem: ${items[2].text.de} oder ${items[0].text.de}?`;
		});
		expect(() => buildCourse(files)).not.toThrow();
	});
});
