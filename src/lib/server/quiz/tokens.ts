import { createHmac, randomBytes } from 'node:crypto';
import type { Question } from './types';

/** option (single/multiple), order item, left and right side of a match pair */
export type Part = 'option' | 'item' | 'left' | 'right';

/** 128 random bits per attempt: the key of its opaque values. Never sent to the browser. */
export function newAttemptSecret(): string {
	return randomBytes(16).toString('base64url');
}

/**
 * Maps content ids (`a`, `b`, a pair's id …) to values that say nothing: an HMAC of the attempt's
 * secret, so they differ per attempt, do not sort like the YAML, and a match's right side never
 * carries its left's name. The server maps them back when grading; ids never leave it.
 */
export class AnswerCodec {
	constructor(private readonly secret: string) {}

	encode(questionId: string, part: Part, id: string): string {
		// 72 bits: no collisions among a question's few options, and short enough for field names.
		return createHmac('sha256', this.secret)
			.update(`${questionId}\u0000${part}\u0000${id}`)
			.digest('base64url')
			.slice(0, 12);
	}

	/** The content id behind `token`, if it is one of `ids` for this question and part. */
	decode(questionId: string, part: Part, token: string, ids: readonly string[]) {
		return ids.find((id) => this.encode(questionId, part, id) === token);
	}
}

export function idsOf(q: Question, part: Part): string[] {
	switch (q.type) {
		case 'single':
		case 'multiple':
			return part === 'option' ? q.options.map((o) => o.id) : [];
		case 'order':
			return part === 'item' ? q.items.map((i) => i.id) : [];
		case 'match':
			return part === 'left' || part === 'right' ? q.pairs.map((p) => p.id) : [];
		default:
			return [];
	}
}
