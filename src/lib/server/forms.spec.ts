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

	it('checks names and emails', () => {
		expect(nameError('  ')).toBeTruthy();
		expect(nameError('x'.repeat(101))).toBeTruthy();
		expect(nameError('Zoë Müller')).toBeUndefined();
		expect(emailError('no-at-sign')).toBeTruthy();
		expect(emailError('a@b.ch')).toBeUndefined();
	});
});
