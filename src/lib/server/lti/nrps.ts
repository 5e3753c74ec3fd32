import { and, asc, eq, sql } from 'drizzle-orm';
import { db as appDb, type Db } from '../db';
import { enrollment, ltiContext, ltiPlatform, ltiRosterMember, ltiUser } from '../db/schema';
import { isTeachingRole } from './claims';
import { nextLink } from './link-header';
import {
	expectOk,
	LtiServiceError,
	SCOPES,
	serviceFetch,
	type ServiceOptions,
	type TokenPlatform
} from './token';

/** NRPS 2.0 §2.3 media type of the membership container. */
export const NRPS_MEDIA = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/** One member of NRPS 2.0 §2.3; only `user_id` and `roles` are required, names and e-mail are up to the platform's privacy settings. */
export interface Member {
	user_id: string;
	roles: string[];
	status?: 'Active' | 'Inactive' | 'Deleted';
	name?: string;
	given_name?: string;
	family_name?: string;
	email?: string;
}

/** A course of many thousands is many pages; more than this is a loop or a runaway platform. */
const MAX_PAGES = 200;

/** Every member of a context, following `Link: <…>; rel="next"` page by page. */
export async function fetchMembers(
	db: Db,
	platform: TokenPlatform,
	membershipsUrl: string,
	options: ServiceOptions = {}
): Promise<Member[]> {
	const members = new Map<string, Member>();
	const seen = new Set<string>();
	for (let url: string | undefined = membershipsUrl; url;) {
		if (seen.has(url) || seen.size >= MAX_PAGES)
			throw new LtiServiceError(`memberships: paging does not end (${seen.size} pages)`, 502);
		seen.add(url);
		const response = await expectOk(
			await serviceFetch(
				db,
				platform,
				[SCOPES.memberships],
				url,
				{ headers: { accept: NRPS_MEDIA } },
				options
			),
			'memberships'
		);
		const page = (await response.json().catch(() => null)) as { members?: unknown } | null;
		if (!page || !Array.isArray(page.members))
			throw new LtiServiceError('memberships: the answer has no members array', 502);
		for (const m of page.members as Member[])
			if (m && typeof m.user_id === 'string' && m.user_id) members.set(m.user_id, m);
		url = nextLink(response.headers.get('link'), url);
	}
	return [...members.values()];
}

const displayName = (m: Member) =>
	m.name?.trim() || [m.given_name, m.family_name].filter(Boolean).join(' ').trim() || null;

/**
 * Fetches the LMS roster of a context and replaces the stored one (members the platform no longer
 * lists are gone). Throws on a failure; `refreshRoster` is the fire-and-forget form.
 */
export async function syncRoster(db: Db, contextId: string, options: ServiceOptions = {}) {
	const [found] = await db
		.select({ url: ltiContext.membershipsUrl, platform: ltiPlatform })
		.from(ltiContext)
		.innerJoin(ltiPlatform, eq(ltiPlatform.id, ltiContext.platformId))
		.where(eq(ltiContext.id, contextId));
	if (!found?.url) return 0;
	const members = await fetchMembers(db, found.platform, found.url, options);
	const fetchedAt = options.now ?? new Date();
	await db.transaction(async (tx) => {
		await tx.delete(ltiRosterMember).where(eq(ltiRosterMember.contextId, contextId));
		for (let i = 0; i < members.length; i += 500)
			await tx.insert(ltiRosterMember).values(
				members.slice(i, i + 500).map((m) => ({
					contextId,
					sub: m.user_id,
					name: displayName(m),
					email: m.email?.trim() || null,
					roles: Array.isArray(m.roles) ? m.roles.map(String) : [],
					status: m.status ?? 'Active',
					fetchedAt
				}))
			);
	});
	return members.length;
}

/**
 * Fire and forget (after an instructor's launch): never throws, logs a failure. Returns the number
 * of members stored, or undefined when it failed.
 */
export async function refreshRoster(contextId: string, db: Db = appDb()) {
	try {
		return await syncRoster(db, contextId);
	} catch (e) {
		console.error(`lti roster ${contextId}:`, (e as Error).message);
		return undefined;
	}
}

export interface RosterRow {
	sub: string;
	name: string | null;
	email: string | null;
	status: string;
	instructor: boolean;
	/** The Lernpfad user, once they launched and are enrolled in the class; null = "not started". */
	userId: string | null;
	fetchedAt: Date;
}

/** The LMS roster of a class's contexts (a class has one context per platform course). */
export async function rosterOfClass(
	db: Db,
	classId: string
): Promise<{ contextId: string; members: RosterRow[] }[]> {
	const contexts = await db
		.select({ id: ltiContext.id, url: ltiContext.membershipsUrl })
		.from(ltiContext)
		.where(eq(ltiContext.classId, classId));
	const result = [];
	for (const context of contexts.filter((c) => c.url)) {
		const members = await db
			.select({
				sub: ltiRosterMember.sub,
				name: ltiRosterMember.name,
				email: ltiRosterMember.email,
				status: ltiRosterMember.status,
				roles: ltiRosterMember.roles,
				userId: enrollment.userId,
				fetchedAt: ltiRosterMember.fetchedAt
			})
			.from(ltiRosterMember)
			.innerJoin(ltiContext, eq(ltiContext.id, ltiRosterMember.contextId))
			.leftJoin(
				ltiUser,
				and(eq(ltiUser.platformId, ltiContext.platformId), eq(ltiUser.sub, ltiRosterMember.sub))
			)
			.leftJoin(
				enrollment,
				and(eq(enrollment.classId, ltiContext.classId), eq(enrollment.userId, ltiUser.userId))
			)
			.where(eq(ltiRosterMember.contextId, context.id))
			.orderBy(asc(sql`lower(coalesce(${ltiRosterMember.name}, ${ltiRosterMember.sub}))`));
		result.push({
			contextId: context.id,
			members: members.map(({ roles, ...m }) => ({
				...m,
				instructor: roles.some(isTeachingRole)
			}))
		});
	}
	return result;
}
