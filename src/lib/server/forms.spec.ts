import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailError, nameError, safeRedirect } from './forms';

describe('form helpers', () => {
	it('redirects only to same-site paths', () => {
		expect(safeRedirect('/learn/kvm?x=1')).toBe('/learn/kvm?x=1');
		expect(safeRedirect('//evil.example')).toBe('/');
		expect(safeRedirect('/\\evil.example')).toBe('/');
		expect(safeRedirect('https://evil.example', '/learn')).toBe('/learn');
		expect(safeRedirect(null, '/learn')).toBe('/learn');
	});

	it('refuses every form of the open redirect found in review (S2)', () => {
		for (const target of [
			'/\t/evil.example',
			'/%09/evil.example'.replace('%09', '\t'),
			'/\n/evil.example',
			'/\r\n/evil.example',
			'/\u0000/evil.example',
			'/../\\evil.example',
			'/..//evil.example',
			'/./\\/evil.example',
			'\\\\evil.example',
			'/\\/evil.example'
		]) {
			expect(safeRedirect(target), JSON.stringify(target)).toBe('/');
		}
		// Encoded variants stay paths on this site; the Location header gets only ASCII.
		expect(safeRedirect('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
		expect(safeRedirect('/lektion/überblick')).toBe('/lektion/%C3%BCberblick');
	});

	it('whatever it is given, a browser following the result stays on this origin', () => {
		const origin = 'https://lernpfad.example.org';
		const piece = fc.constantFrom(
			'/',
			'\\',
			'.',
			'..',
			'%2f',
			'%5c',
			'\t',
			'\n',
			'\r',
			'\u0000',
			':',
			'@',
			'evil.example',
			'?',
			'#',
			'ü',
			' '
		);
		const targets = fc.oneof(
			fc.string({ unit: 'grapheme-composite' }),
			fc.array(piece, { maxLength: 12 }).map((p) => p.join(''))
		);
		fc.assert(
			fc.property(targets, (target) => {
				const result = safeRedirect(target, '/fallback');
				expect(new URL(result, origin).origin).toBe(origin);
				expect(result).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
			}),
			{ numRuns: 5000 }
		);
	});

	it('checks names and emails', () => {
		expect(nameError('  ')).toBeTruthy();
		expect(nameError('x'.repeat(101))).toBeTruthy();
		expect(nameError('Zoë Müller')).toBeUndefined();
		expect(nameError('Eve \u202egnp.exe')).toBeTruthy();
		expect(emailError('no-at-sign')).toBeTruthy();
		expect(emailError('a@b.ch')).toBeUndefined();
	});
});
