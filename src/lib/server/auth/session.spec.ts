import { describe, expect, it } from 'vitest';
import { generateSessionToken, sessionIdFromToken } from './session';

describe('session tokens', () => {
	it('are 160-bit, lower-case base32 and never repeat', () => {
		const tokens = new Set(Array.from({ length: 1000 }, generateSessionToken));
		expect(tokens.size).toBe(1000);
		for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/); // 32 × 5 bits = 160 bits
	});

	it('are stored only as their SHA-256 in hex', () => {
		const id = sessionIdFromToken('abc');
		expect(id).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		const token = generateSessionToken();
		expect(sessionIdFromToken(token)).toMatch(/^[0-9a-f]{64}$/);
		expect(sessionIdFromToken(token)).not.toContain(token);
	});
});
