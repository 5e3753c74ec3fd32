import type { Db } from '../db';
import type { Role } from '../db/schema';
import { joinClass } from '../classes';
import { safeRedirect } from '../forms';
import { limits, take } from './throttle';

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
 * who came from a join link and said yes to it (`join.confirmed`: the login page names the class and
 * asks, L7) lands in the class: the join happens here, inside the sign-in POST (CSRF-checked), not on
 * a GET. Without the yes they land on the join page, which asks again. The lookup counts against the
 * client's join limit like any other (L1): sign-ins must not become an unthrottled code oracle.
 */
export async function afterSignIn(
	db: Db,
	account: { id: string; role: Role },
	next: string | null,
	join: { ip: string; confirmed: boolean }
): Promise<string> {
	const target = safeRedirect(next, homeOf(account.role));
	const code = joinCodeOf(target);
	if (code && join.confirmed && !(await take(db, limits.joinPerIp, join.ip)).limited) {
		const { result } = await joinClass(db, code, account.id);
		if (result === 'joined' || result === 'already') return `${target}?joined=1`;
	}
	return target;
}
