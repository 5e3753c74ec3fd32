import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { rosterOfClass, syncRoster } from '$lib/server/lti/nrps';
import { scoreProblems } from '$lib/server/lti/score-outbox';
import * as m from '$lib/paraglide/messages';

/** The LMS side of an LTI class (roster, undelivered scores); null for a class made in Lernpfad. */
export async function lmsPanel(classId: string) {
	const [rosters, problems] = await Promise.all([
		rosterOfClass(db(), classId),
		scoreProblems(db(), classId)
	]);
	if (rosters.length === 0 && problems.length === 0) return null;
	return {
		contexts: rosters.map((r) => ({
			contextId: r.contextId,
			fetchedAt: r.members[0]?.fetchedAt ?? null,
			members: r.members.map(({ sub, name, email, status, instructor, userId }) => ({
				sub,
				name: name ?? sub,
				email,
				inactive: status !== 'Active',
				instructor,
				started: userId !== null
			}))
		})),
		problems
	};
}

/** The "refresh roster" button: every LMS course of the class, at once. */
export async function refreshRosters(classId: string) {
	const rosters = await rosterOfClass(db(), classId);
	try {
		for (const r of rosters) await syncRoster(db(), r.contextId);
	} catch (e) {
		console.error(`lti roster of class ${classId}:`, (e as Error).message);
		return fail(502, { done: 'roster', error: m.lti_roster_failed() });
	}
	return { done: 'roster', notice: m.lti_roster_refreshed() };
}
