import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0: one bit per certificate, 1 = revoked. 131,072 bits (16 KiB) is the
 * spec's minimum size, which gives herd privacy: the list never shrinks to reveal how many exist.
 */
export const STATUS_LIST_BITS = 131_072;

/** Decoding stops here: a hostile list cannot make a verifier inflate gigabytes. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/** Bit 0 is the left-most (most significant) bit of the first byte, as the spec says. */
export function setBit(bits: Uint8Array, index: number) {
	bits[index >> 3] |= 0x80 >> (index & 7);
}

export function bitAt(bits: Uint8Array, index: number): boolean {
	return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** `encodedList`: multibase base64url ("u" prefix, no padding) of the GZIP-compressed bitstring. */
export function encodeBitstring(set: Iterable<number>, length = STATUS_LIST_BITS): string {
	const bits = new Uint8Array(Math.ceil(length / 8));
	for (const index of set) {
		if (!Number.isInteger(index) || index < 0 || index >= length) {
			throw new RangeError(`status index ${index} is outside the list (0–${length - 1})`);
		}
		setBit(bits, index);
	}
	return `u${gzipSync(bits).toString('base64url')}`;
}

/** The bitstring of an `encodedList`; throws on a missing prefix, bad GZIP or a list under 16 KiB. */
export function decodeBitstring(encoded: string): Uint8Array {
	if (!encoded.startsWith('u') || !/^u[A-Za-z0-9_-]+$/.test(encoded)) {
		throw new Error('encodedList is not multibase base64url');
	}
	const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), {
		maxOutputLength: MAX_LIST_BYTES
	});
	if (bits.length * 8 < STATUS_LIST_BITS) throw new Error('encodedList is shorter than 16 KiB');
	return new Uint8Array(bits);
}

/** A uniformly random index (131,072 = 2^17 divides 2^32, so the modulo has no bias). */
export function randomStatusIndex(): number {
	const [n] = crypto.getRandomValues(new Uint32Array(1));
	return n % STATUS_LIST_BITS;
}
