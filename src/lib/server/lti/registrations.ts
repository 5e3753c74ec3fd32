import { and, asc, eq } from 'drizzle-orm';
import { audit, type Actor } from '../audit';
import { db as appDb, type Db } from '../db';
import { ltiDeployment, ltiPlatform } from '../db/schema';
import { newId } from '../users';

export type LtiPlatform = typeof ltiPlatform.$inferSelect;

export interface PlatformInput {
	name: string;
	issuer: string;
	clientId: string;
	authUrl: string;
	tokenUrl: string;
	jwksUrl: string;
	deploymentIds: string[];
	/** How it came: typed in on /admin/lti (default) or by Dynamic Registration. */
	method?: 'manual' | 'dynamic';
}

export async function platformById(id: string, database: Db = appDb()) {
	const [row] = await database.select().from(ltiPlatform).where(eq(ltiPlatform.id, id));
	return row as LtiPlatform | undefined;
}

/** One registration is one (issuer, client id): the same issuer may be registered twice. */
export async function platformFor(issuer: string, clientId: string, database: Db = appDb()) {
	const [row] = await database
		.select()
		.from(ltiPlatform)
		.where(and(eq(ltiPlatform.issuer, issuer), eq(ltiPlatform.clientId, clientId)));
	return row as LtiPlatform | undefined;
}

/** Every registration of an issuer (a login request may leave out `client_id`). */
export function platformsOf(issuer: string, database: Db = appDb()): Promise<LtiPlatform[]> {
	return database.select().from(ltiPlatform).where(eq(ltiPlatform.issuer, issuer));
}

export async function isDeployment(
	platformId: string,
	deploymentId: string,
	database: Db = appDb()
): Promise<boolean> {
	const rows = await database
		.select({ id: ltiDeployment.deploymentId })
		.from(ltiDeployment)
		.where(
			and(eq(ltiDeployment.platformId, platformId), eq(ltiDeployment.deploymentId, deploymentId))
		);
	return rows.length > 0;
}

export async function listPlatforms(database: Db = appDb()) {
	const platforms = await database.select().from(ltiPlatform).orderBy(asc(ltiPlatform.createdAt));
	const deployments = await database.select().from(ltiDeployment);
	return platforms.map((p) => ({
		...p,
		deploymentIds: deployments.filter((d) => d.platformId === p.id).map((d) => d.deploymentId)
	}));
}

/** Origins of every registered platform, for `frame-ancestors` of the pages shown in an LMS. */
export async function platformOrigins(database: Db = appDb()): Promise<string[]> {
	const rows = await database
		.select({ authUrl: ltiPlatform.authUrl, issuer: ltiPlatform.issuer })
		.from(ltiPlatform);
	const origins = new Set<string>();
	for (const r of rows) {
		for (const url of [r.authUrl, r.issuer]) {
			try {
				const u = new URL(url);
				if (u.protocol === 'https:' || u.protocol === 'http:') origins.add(u.origin);
			} catch {
				// a non-URL issuer: nothing to allow
			}
		}
	}
	return [...origins];
}

/** Registers a platform with its deployments (audited, in one transaction). */
export async function registerPlatform(database: Db, actor: Actor, input: PlatformInput) {
	return database.transaction(async (tx) => {
		const id = newId();
		const [row] = await tx
			.insert(ltiPlatform)
			.values({
				id,
				name: input.name,
				issuer: input.issuer,
				clientId: input.clientId,
				authUrl: input.authUrl,
				tokenUrl: input.tokenUrl,
				jwksUrl: input.jwksUrl
			})
			.returning();
		await addDeployments(tx, id, input.deploymentIds);
		await audit(tx, actor, 'lti.register', target(row), {
			issuer: row.issuer,
			client_id: row.clientId,
			deployments: input.deploymentIds.join(', '),
			...(input.method === 'dynamic' ? { method: 'dynamic registration' } : {})
		});
		return row;
	});
}

export async function addDeployments(database: Db, platformId: string, deploymentIds: string[]) {
	const unique = [...new Set(deploymentIds.map((d) => d.trim()).filter(Boolean))];
	if (unique.length === 0) return;
	await database
		.insert(ltiDeployment)
		.values(unique.map((deploymentId) => ({ platformId, deploymentId })))
		.onConflictDoNothing();
}

/** Adds deployment ids to a registration (audited). */
export async function addPlatformDeployments(
	database: Db,
	actor: Actor,
	platform: LtiPlatform,
	deploymentIds: string[]
) {
	await database.transaction(async (tx) => {
		await addDeployments(tx, platform.id, deploymentIds);
		await audit(tx, actor, 'lti.update', target(platform), {
			deployments: deploymentIds.join(', ')
		});
	});
}

/** Deletes a registration; its users stay Lernpfad users, their LTI links go (audited). */
export async function deletePlatform(database: Db, actor: Actor, id: string) {
	return database.transaction(async (tx) => {
		const [row] = await tx.delete(ltiPlatform).where(eq(ltiPlatform.id, id)).returning();
		if (!row) return false;
		await audit(tx, actor, 'lti.delete', target(row), {
			issuer: row.issuer,
			client_id: row.clientId
		});
		return true;
	});
}

function target(p: LtiPlatform) {
	return {
		type: 'lti_platform' as const,
		id: p.id,
		label: `${p.name} (${p.issuer}, ${p.clientId})`
	};
}
