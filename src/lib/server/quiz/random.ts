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
 * The questions of one attempt: `count` of the pool, in a seeded random order. `earlier` holds the
 * question ids of the learner's earlier attempts at this quiz (newest first; a set counts as one
 * attempt). Questions seen fewer times come first, so a retake asks what the learner has not seen
 * across all attempts while the pool lasts; among equals the seed decides, which mixes the draws
 * instead of asking one earlier attempt again (pool 10, draw 5: the third draw used to repeat the
 * first, whose verdicts already implied the true/false keys). Pure: callers pass the history.
 */
export function drawQuestions(
	ids: readonly string[],
	count: number,
	seed: number,
	earlier: readonly (readonly string[])[] | ReadonlySet<string> = []
): string[] {
	const attempts = earlier instanceof Set ? [[...earlier]] : (earlier as readonly string[][]);
	const seen = new Map<string, number>();
	for (const attempt of attempts) for (const id of attempt) seen.set(id, (seen.get(id) ?? 0) + 1);
	const timesSeen = (id: string) => seen.get(id) ?? 0;
	// A stable sort of a shuffle: fewest views first, the shuffle decides among equals.
	const ranked = shuffle(ids, seed).sort((a, b) => timesSeen(a) - timesSeen(b));
	const chosen = ranked.slice(0, count);
	const rest = ranked.slice(count);
	// Never the very same set as an earlier attempt when an equally fresh question can replace one.
	const sameAsEarlier = (set: string[]) =>
		attempts.some((a) => a.length === set.length && set.every((id) => a.includes(id)));
	if (chosen.length && sameAsEarlier(chosen)) {
		const last = chosen[chosen.length - 1];
		const swap = rest.find((id) => timesSeen(id) === timesSeen(last));
		if (swap) chosen[chosen.length - 1] = swap;
	}
	return shuffle(chosen, seed + 2);
}
