import type { Db } from '../db';
import { joinClass } from '../classes';
import { safeRedirect } from '../forms';

/**
 * Where to go after signing in or registering. A visitor who came from a join link lands in the class:
 * the join happens here, inside the sign-in POST (CSRF-checked), not on a GET.
 */
export async function afterSignIn(db: Db, userId: string, next: string | null): Promise<string> {
	const target = safeRedirect(next, '/learn');
	const join = /^\/join\/([A-Za-z0-9-]{4,20})$/.exec(target);
	if (join) {
		const { result } = await joinClass(db, join[1], userId);
		if (result === 'joined' || result === 'already') return `${target}?joined=1`;
	}
	return target;
}
