import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { attributedQuotes, inventedQuotes } from '../../src/lib/server/content/quotes';
import { quizStrings } from './files';

// The course's source document (Dane Wicki, 2017), kept beside the content so the check needs no network.
const document = readFileSync('content/source/document.txt', 'utf8');
const lessons = readdirSync('content/lessons').sort();

const report = (text: string) => inventedQuotes(text, document).map((q) => `„${q.quote}“ in: ${q.sentence}`);

describe('quotations attributed to the document', () => {
	it('are found when a sentence names the document, and checked against it', () => {
		expect(attributedQuotes('Laut Dokument ist KVM „ein Type 2 Hypervisor“.').map((q) => q.quote)).toEqual([
			'ein Type 2 Hypervisor'
		]);
		expect(attributedQuotes('Red Hat nennt es „Virtualisierung“. Sonst nichts.')).toEqual([]);
		// case, whitespace, ß/ss and quote styles do not matter; an ellipsis stands for left-out words
		expect(report('Das Dokument nennt sie „lediglich ein  RUDIMENTÄRES Betriebssystem“.')).toEqual([]);
		expect(report('Laut Dokument ist die Schicht „abstrahiert die reale … nicht wirklich vorhanden“.')).toEqual([]);
		expect(report('Laut Dokument „gross und teuer zu warten“.')).toEqual([]);
		expect(report('Laut Dokument „groß und teuer zu warten“.')).toEqual([]);
	});

	it('rejects a quotation the document does not contain (fixture: the invented DASD quotation)', () => {
		expect(report('Das DASD-Dump-Tool erstellt laut Dokument „erstellt Dumps einzelner DASD-Geräte“.')).toHaveLength(1);
		expect(report('The document says "it becomes easier overall".')).toHaveLength(1);
		expect(report('Kapitel 3 sagt, KVM sei „immer schneller“.')).toHaveLength(1);
		expect(report('Abschnitt 2.3.1 sagt, ESXi sei „an sich kostenlos“.')).toEqual([]);
		expect(report('According to the document, KVM is "selbst nicht wirklich vorhanden".')).toHaveLength(1);
		// pieces around an ellipsis must occur in order
		expect(report('Laut Dokument „Die auf dieser Zwischenschicht … Diese Zwischenschicht abstrahiert“.')).toHaveLength(1);
	});

	for (const dir of lessons) {
		for (const lang of ['de', 'en'] as const) {
			it(`occur in the document: ${dir}/${lang}.md`, () => {
				expect(report(readFileSync(join('content/lessons', dir, `${lang}.md`), 'utf8'))).toEqual([]);
			});
			it(`occur in the document: ${dir}/quiz.yaml (${lang})`, () => {
				const quiz = parse(readFileSync(join('content/lessons', dir, 'quiz.yaml'), 'utf8'));
				expect(quizStrings(quiz, lang).flatMap(report)).toEqual([]);
			});
		}
	}
});
