import fc from 'fast-check';
import addressparser from 'nodemailer/lib/addressparser';
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
		// L7: invisible and bidi marks, NEL and line separators.
		for (const c of [
			'\u200f',
			'\u061c',
			'\u200b',
			'\u0085',
			'\u2028',
			'\u00ad',
			'\u2060',
			'\ufeff'
		]) {
			expect(nameError(`Bob${c}x`), JSON.stringify(c)).toBeTruthy();
		}
		expect(emailError('no-at-sign')).toBeTruthy();
		expect(emailError('a@b.ch')).toBeUndefined();
	});

	it('accepts only plain local@domain mailboxes: nothing a mailer reads as another address (M2)', () => {
		for (const trick of [
			'x,victim@example.org',
			'y;victim@example.org',
			'"victim"@example.org',
			'"victim@example.org"',
			'z<victim@example.org>',
			'Zed <victim@example.org>',
			'a(b)c@example.org',
			'victim@example.org (comment)',
			'a b@example.org',
			'victim@example.org,other@example.org',
			'group:victim@example.org;',
			'victim@[127.0.0.1]',
			'vi\u200bctim@example.org',
			'victim@exämple.org',
			`${'x'.repeat(65)}@example.org`
		]) {
			expect(emailError(trick), trick).toBeTruthy();
		}
		for (const plain of ['a@b.ch', "o'neil+tag@sub.example.org", 'x_y-z.1@a-b.example']) {
			expect(emailError(plain), plain).toBeUndefined();
		}
		// Whatever passes is one mailbox to nodemailer, exactly the address given.
		fc.assert(
			fc.property(
				fc.oneof(
					fc.emailAddress(),
					fc.string({ maxLength: 40 }),
					fc.tuple(fc.string({ maxLength: 12 }), fc.emailAddress()).map(([a, b]) => a + b)
				),
				(candidate) => {
					if (emailError(candidate)) return;
					const parsed = addressparser(candidate.trim(), { flatten: true });
					expect(parsed.map((p) => p.address)).toEqual([candidate.trim()]);
				}
			),
			{ numRuns: 3000 }
		);
	});
});
