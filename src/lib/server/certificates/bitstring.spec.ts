import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
	bitAt,
	decodeBitstring,
	encodeBitstring,
	randomStatusIndex,
	STATUS_LIST_BITS
} from './bitstring';

const raw = (encoded: string) => gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));

describe('bitstring status list encoding', () => {
	it('is multibase base64url ("u", no padding) of a GZIP-compressed 16 KiB bitstring', () => {
		const encoded = encodeBitstring([]);
		expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
		const bytes = raw(encoded);
		expect(bytes).toHaveLength(16 * 1024);
		expect(bytes.every((b) => b === 0)).toBe(true);
		expect(STATUS_LIST_BITS).toBe(131_072);
		// An empty list compresses to a few dozen bytes.
		expect(encoded.length).toBeLessThan(100);
	});

	it('puts bit 0 in the left-most (most significant) bit of the first byte', () => {
		const bytes = raw(encodeBitstring([0, 9, 15, STATUS_LIST_BITS - 1]));
		expect(bytes[0]).toBe(0b1000_0000);
		expect(bytes[1]).toBe(0b0100_0001);
		expect(bytes[bytes.length - 1]).toBe(0b0000_0001);
	});

	it('round-trips any set of indexes', () => {
		const set = new Set(Array.from({ length: 500 }, randomStatusIndex));
		const bits = decodeBitstring(encodeBitstring(set));
		const found = Array.from({ length: STATUS_LIST_BITS }, (_, i) => i).filter((i) =>
			bitAt(bits, i)
		);
		expect(found).toEqual([...set].sort((a, b) => a - b));
	});

	it('refuses indexes outside the list and lists it cannot trust', () => {
		expect(() => encodeBitstring([STATUS_LIST_BITS])).toThrow(RangeError);
		expect(() => encodeBitstring([-1])).toThrow(RangeError);
		const short = `u${gzipSync(new Uint8Array(1024)).toString('base64url')}`;
		expect(() => decodeBitstring(short)).toThrow(/16 KiB/);
		const unprefixed = encodeBitstring([]).slice(1);
		expect(() => decodeBitstring(unprefixed)).toThrow(/multibase/);
		expect(() => decodeBitstring('uAAAA')).toThrow();
		// A "zip bomb" stops at 16 MiB instead of filling the memory.
		const bomb = `u${gzipSync(new Uint8Array(32 * 1024 * 1024)).toString('base64url')}`;
		expect(() => decodeBitstring(bomb)).toThrow();
	});

	it('draws indexes uniformly from the whole list', () => {
		const draws = Array.from({ length: 20_000 }, randomStatusIndex);
		expect(draws.every((i) => Number.isInteger(i) && i >= 0 && i < STATUS_LIST_BITS)).toBe(true);
		expect(new Set(draws).size).toBeGreaterThan(18_000);
		// Each eighth of the list gets about an eighth of the draws.
		const eighths = Array.from({ length: 8 }, () => 0);
		for (const i of draws) eighths[Math.floor((i / STATUS_LIST_BITS) * 8)]++;
		for (const n of eighths) expect(Math.abs(n - 2500)).toBeLessThan(250);
	});
});
