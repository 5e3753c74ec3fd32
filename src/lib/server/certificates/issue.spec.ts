import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { isCertificateCode } from '$lib/certificates/code';
import { newCertificateCode } from './issue';

describe('certificate codes', () => {
	const codes = Array.from({ length: 2000 }, newCertificateCode);

	it('carry 160 bits in 32 lower-case base32 characters, which the route matcher accepts', () => {
		for (const code of codes) {
			expect(code).toMatch(/^[a-z2-7]{32}$/);
			expect(decodeBase32IgnorePadding(code.toUpperCase())).toHaveLength(20);
			expect(isCertificateCode(code)).toBe(true);
		}
		expect(isCertificateCode(codes[0].slice(1))).toBe(false);
		expect(isCertificateCode(codes[0].toUpperCase())).toBe(false);
		expect(isCertificateCode(`${codes[0].slice(1)}1`)).toBe(false);
	});

	it('are unique and not sequential: neighbours share no prefix, bits are balanced', () => {
		expect(new Set(codes).size).toBe(codes.length);
		const sorted = [...codes].sort();
		// Codes made one after the other are not neighbours in sort order and differ almost everywhere.
		const sharedPrefix = (a: string, b: string) => [...a].findIndex((c, i) => c !== b[i]);
		const prefixes = codes.slice(1).map((c, i) => sharedPrefix(c, codes[i]));
		expect(Math.max(...prefixes)).toBeLessThan(6);
		expect(sorted).not.toEqual(codes);
		const bits = codes
			.map((c) => decodeBase32IgnorePadding(c.toUpperCase()))
			.flatMap((bytes) => [...bytes].map((b) => b.toString(2).split('1').length - 1));
		const ones = bits.reduce((a, b) => a + b, 0) / (codes.length * 160);
		expect(ones).toBeGreaterThan(0.48);
		expect(ones).toBeLessThan(0.52);
	});
});
