import type { Db } from '../db';
import type { Role } from '../db/schema';
import { joinClass } from '../classes';
import { safeRedirect } from '../forms';

/** Where each role starts: its own home, not the learner's. */
export function homeOf(role: Role): string {
	return role === 'admin' ? '/admin' : role === 'instructor' ? '/instructor' : '/learn';
}

/** The code of a join link's path (`/join/AB12CD34`), or null for any other path. */
export function joinCodeOf(path: string): string | null {
	return /^\/join\/([A-Za-z0-9-]{4,20})$/.exec(path)?.[1] ?? null;
}

/**
 * Where to go after signing in or registering: `next` if it is safe, else the role's home. A visitor
 * who came from a join link lands in the class: the join happens here, inside the sign-in POST
 * (CSRF-checked), not on a GET.
 */
export async function afterSignIn(
	db: Db,
	account: { id: string; role: Role },
	next: string | null
): Promise<string> {
	const target = safeRedirect(next, homeOf(account.role));
	const code = joinCodeOf(target);
	if (code) {
		const { result } = await joinClass(db, code, account.id);
		if (result === 'joined' || result === 'already') return `${target}?joined=1`;
	}
	return target;
}
