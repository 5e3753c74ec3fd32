import { and, eq } from 'drizzle-orm';
import { addLearner } from '../class-stats';
import { createClass } from '../classes';
import type { Db } from '../db';
import {
	classInstructor,
	classroom,
	enrollment,
	ltiContext,
	ltiResourceLink,
	ltiUser,
	user,
	type Locale
} from '../db/schema';
import { newId, normalizeEmail } from '../users';
import { CLAIM, isTeachingRole, type VerifiedLaunch } from './claims';
import type { LtiPlatform } from './registrations';

/** Never a password: argon2 cannot verify it, so the account signs in through the LMS only. */
export const NO_PASSWORD = '!lti';
/** The owner of every class made from one platform's courses; real teachers are co-instructors. */
const PLATFORM_SUB = '';

export interface LaunchOutcome {
	userId: string;
	teaching: boolean;
	classId: string | null;
	/** The `lti_context` row of the LMS course, when the launch came from one. */
	contextRowId: string | null;
	/** `course` or a lesson slug. */
	target: string;
}

/** What the link points at: a lesson (`/learn/<slug>` or custom `lesson`), else the course. */
export function targetOf(launch: VerifiedLaunch, toolOrigin: string, slugs: readonly string[]) {
	const custom = launch.claims[CLAIM.custom]?.lesson;
	if (custom && slugs.includes(custom)) return custom;
	try {
		const url = new URL(launch.claims[CLAIM.targetLinkUri]);
		const slug = /^\/learn\/([a-z0-9-]+)\/?$/.exec(url.pathname)?.[1];
		if (url.origin === toolOrigin && slug && slugs.includes(slug)) return slug;
	} catch {
		// not a URL: the course
	}
	return 'course';
}

function displayName(launch: VerifiedLaunch, neutral: string) {
	const c = launch.claims;
	const name = c.name?.trim() || [c.given_name, c.family_name].filter(Boolean).join(' ').trim();
	return (name || neutral).slice(0, 100);
}

/** The platform's e-mail, unless another account has it: e-mail never merges accounts. */
async function freeEmail(tx: Db, email: string | undefined, id: string) {
	const fallback = `lti-${id}@lti.invalid`;
	if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return fallback;
	const normal = normalizeEmail(email);
	const [taken] = await tx.select({ id: user.id }).from(user).where(eq(user.email, normal));
	return taken ? fallback : normal;
}

async function linkedUser(tx: Db, platformId: string, sub: string) {
	const [row] = await tx
		.select({ userId: ltiUser.userId })
		.from(ltiUser)
		.where(and(eq(ltiUser.platformId, platformId), eq(ltiUser.sub, sub)));
	return row?.userId;
}

/** The Lernpfad user of (platform, sub), made on the first launch; racing first launches make one. */
async function userFor(
	tx: Db,
	platformId: string,
	sub: string,
	make: () => Promise<typeof user.$inferInsert>
) {
	const existing = await linkedUser(tx, platformId, sub);
	if (existing) return { id: existing, created: false };
	const values = await make();
	await tx.insert(user).values(values);
	const linked = await tx
		.insert(ltiUser)
		.values({ platformId, sub, userId: values.id })
		.onConflictDoNothing()
		.returning();
	if (linked.length) return { id: values.id, created: true };
	await tx.delete(user).where(eq(user.id, values.id));
	return { id: (await linkedUser(tx, platformId, sub))!, created: false };
}

async function contextClass(tx: Db, platform: LtiPlatform, launch: VerifiedLaunch) {
	const context = launch.claims[CLAIM.context]!;
	const title = (context.title || context.label || context.id).slice(0, 100);
	const ags = launch.claims[CLAIM.ags];
	const nrps = launch.claims[CLAIM.nrps];
	const services = {
		deploymentId: launch.deploymentId,
		title,
		updatedAt: new Date(),
		...(ags ? { lineitemsUrl: ags.lineitems ?? null, agsScopes: ags.scope ?? null } : {}),
		...(nrps ? { membershipsUrl: nrps.context_memberships_url } : {})
	};
	const where = and(eq(ltiContext.platformId, platform.id), eq(ltiContext.contextId, context.id));
	const [found] = await tx.update(ltiContext).set(services).where(where).returning();
	if (found) {
		await tx.update(classroom).set({ name: title }).where(eq(classroom.id, found.classId));
		return found;
	}
	const owner = await userFor(tx, platform.id, PLATFORM_SUB, async () => {
		const id = newId();
		return {
			id,
			email: `lti-platform-${id}@lti.invalid`,
			name: platform.name,
			passwordHash: NO_PASSWORD,
			role: 'instructor'
		};
	});
	const klass = await createClass(tx, owner.id, title);
	const [made] = await tx
		.insert(ltiContext)
		.values({
			id: newId(),
			platformId: platform.id,
			contextId: context.id,
			classId: klass.id,
			...services
		})
		.onConflictDoNothing()
		.returning();
	if (made) return made;
	await tx.delete(classroom).where(eq(classroom.id, klass.id));
	const [other] = await tx.select().from(ltiContext).where(where);
	return other;
}

/**
 * Applies a verified launch: the user of (issuer, sub), the class of the LMS course with the
 * teacher as co-instructor or the learner enrolled, the resource link, and the AGS/NRPS endpoints.
 */
export async function applyLaunch(
	database: Db,
	platform: LtiPlatform,
	launch: VerifiedLaunch,
	options: { toolOrigin: string; slugs: readonly string[]; neutralName: string; locale?: Locale }
): Promise<LaunchOutcome> {
	const teaching = launch.claims[CLAIM.roles].some(isTeachingRole);
	const target = targetOf(launch, options.toolOrigin, options.slugs);
	return database.transaction(async (tx) => {
		const person = await userFor(tx, platform.id, launch.claims.sub, async () => {
			const id = newId();
			return {
				id,
				email: await freeEmail(tx, launch.claims.email, id),
				name: displayName(launch, options.neutralName),
				passwordHash: NO_PASSWORD,
				locale: options.locale ?? null
			};
		});
		// A platform's Administrator role is not ours: only a teaching role lifts a learner.
		if (teaching)
			await tx
				.update(user)
				.set({ role: 'instructor' })
				.where(and(eq(user.id, person.id), eq(user.role, 'learner')));
		if (!launch.claims[CLAIM.context])
			return { userId: person.id, teaching, classId: null, contextRowId: null, target };

		const context = await contextClass(tx, platform, launch);
		if (teaching) {
			await tx
				.insert(classInstructor)
				.values({ classId: context.classId, userId: person.id })
				.onConflictDoNothing();
		} else {
			const joined = await tx
				.insert(enrollment)
				.values({ classId: context.classId, userId: person.id })
				.onConflictDoNothing()
				.returning();
			if (joined.length) await addLearner(tx, context.classId, person.id);
		}
		const link = launch.claims[CLAIM.resourceLink];
		if (link) {
			const lineitemUrl = launch.claims[CLAIM.ags]?.lineitem ?? null;
			await tx
				.insert(ltiResourceLink)
				.values({
					id: newId(),
					contextId: context.id,
					resourceLinkId: link.id,
					target,
					lineitemUrl
				})
				.onConflictDoUpdate({
					target: [ltiResourceLink.contextId, ltiResourceLink.resourceLinkId],
					set: { target, lineitemUrl }
				});
		}
		return {
			userId: person.id,
			teaching,
			classId: context.classId,
			contextRowId: context.id,
			target
		};
	});
}
