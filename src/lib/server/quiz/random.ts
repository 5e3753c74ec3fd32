/** mulberry32: a small, fast, seedable PRNG — reproducible draws, not cryptography. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a of a string, mixed with a seed: a per-question seed, stable while the question id is. */
export function subSeed(seed: number, key: string): number {
	let h = 0x811c9dc5 ^ seed;
	for (let i = 0; i < key.length; i++) {
		h ^= key.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export function shuffle<T>(list: readonly T[], seed: number): T[] {
	const out = [...list];
	const random = prng(seed);
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

export function newSeed(): number {
	return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
}

/**
 * The questions of one attempt: `count` of the pool, in a seeded random order. Questions in `avoid`
 * (the previous attempt's) come only when the pool has too few others: a retake asks new questions.
 */
export function drawQuestions(
	ids: readonly string[],
	count: number,
	seed: number,
	avoid: ReadonlySet<string> = new Set()
): string[] {
	const fresh = shuffle(
		ids.filter((id) => !avoid.has(id)),
		seed
	);
	const seen = shuffle(
		ids.filter((id) => avoid.has(id)),
		seed + 1
	);
	return shuffle([...fresh, ...seen].slice(0, count), seed + 2);
}
