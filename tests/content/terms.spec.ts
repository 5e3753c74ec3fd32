import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { quizStrings } from './files';

interface Term {
	preferred: string;
	variants: string[];
	regex?: boolean;
}
type Terms = Record<'de' | 'en', Term[]>;

const terms = parse(readFileSync('content/terms.yaml', 'utf8')) as Terms;
const lessons = readdirSync('content/lessons').sort();

/** Drops what may keep other wording: quotations, inline code and section anchors. */
export function withoutQuotes(text: string): string {
	return text
		.replace(/`[^`\n]*`/g, ' ')
		.replace(/„[^“\n]{0,400}“/g, ' ')
		.replace(/"[^"\n]{0,400}"/g, ' ')
		.replace(/\{#[a-z0-9-]+\}/g, ' ');
}

function escape(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matcher(term: Term): RegExp {
	const parts = term.variants.map((v) => (term.regex ? v : `(?<![\\p{L}\\p{N}-])${escape(v)}(?![\\p{L}\\p{N}])`));
	return new RegExp(parts.join('|'), 'gu');
}

/** Every variant found in `text`, as "variant → preferred". */
export function findVariants(text: string, list: Term[]): string[] {
	const found: string[] = [];
	const clean = withoutQuotes(text);
	for (const term of list) {
		for (const m of clean.matchAll(matcher(term))) found.push(`${m[0]} → ${term.preferred}`);
	}
	return found;
}

describe('content/terms.yaml', () => {
	it('lists, per language, a preferred form and at least one variant that is not the preferred form', () => {
		for (const lang of ['de', 'en'] as const) {
			expect(terms[lang].length, lang).toBeGreaterThan(0);
			for (const term of terms[lang]) {
				expect(term.preferred, lang).toBeTruthy();
				expect(term.variants.length, term.preferred).toBeGreaterThan(0);
				expect(term.variants, term.preferred).not.toContain(term.preferred);
			}
		}
	});

	it('catches a variant in plain text but not inside a quotation or inline code', () => {
		expect(findVariants('Jede VCPU ist ein Thread.', terms.de)).toEqual(['VCPU → vCPU']);
		expect(findVariants('Das Kernel-Modul und die Workloads.', terms.de)).toHaveLength(2);
		expect(findVariants('Das Dokument sagt „VCPU“ und `VCPU`.', terms.de)).toEqual([]);
		expect(findVariants('Das ist gross, nicht groß.', terms.de)).toEqual(['ß → ss (Schweizer Rechtschreibung)']);
		expect(findVariants('Each vCPU runs; "KVM on IBM Z" is quoted.', terms.en)).toEqual([]);
		expect(findVariants('KVM on IBM Z ships with Linux.', terms.en)).toEqual(['KVM on IBM Z → KVM on Z']);
		// the course writes American English: British spellings are flagged, quoted titles keep theirs
		expect(findVariants('The licence fee and the colour of the centre.', terms.en)).toHaveLength(3);
		expect(findVariants('The license fee and the color of the center, "organised" as quoted.', terms.en)).toEqual([]);
	});
});

describe('the lessons use the preferred terms', () => {
	for (const dir of lessons) {
		for (const lang of ['de', 'en'] as const) {
			it(`${dir}/${lang}.md`, () => {
				const text = readFileSync(join('content/lessons', dir, `${lang}.md`), 'utf8');
				expect(findVariants(text, terms[lang])).toEqual([]);
			});
			it(`${dir}/quiz.yaml (${lang})`, () => {
				const quiz = parse(readFileSync(join('content/lessons', dir, 'quiz.yaml'), 'utf8'));
				expect(findVariants(quizStrings(quiz, lang).join('\n'), terms[lang])).toEqual([]);
			});
		}
	}
});

describe('lesson HTML', () => {
	it('never puts a straight double quote inside an attribute value (it would end the attribute)', () => {
		for (const dir of lessons) {
			for (const lang of ['de', 'en']) {
				const text = readFileSync(join('content/lessons', dir, `${lang}.md`), 'utf8');
				const broken = [...text.matchAll(/<[a-z]+\s[^>]*>/g)]
					.map((m) => m[0])
					.filter((tag) => /="[^"]*"[^\s/>]/.test(tag));
				expect(broken, `${dir}/${lang}.md`).toEqual([]);
			}
		}
	});
});
