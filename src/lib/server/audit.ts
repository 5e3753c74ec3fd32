import { and, desc, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './db';
import { containsPattern } from './db/rows';
import { auditEvent, type AuditAction } from './db/schema';

/** Who acted: a signed-in user, or (id null) the command line. */
export interface Actor {
	id: string | null;
	name: string;
}

export interface AuditTarget {
	type: 'user' | 'certificate' | 'class' | 'lti_platform' | 'lti_key';
	id: string;
	/** What a reader recognises later (a name, an email, a code): a snapshot. */
	label: string;
}

/** Appends one event. Call it in the transaction of the change it records, so both or neither happen. */
export async function audit(
	db: Db,
	actor: Actor,
	action: AuditAction,
	target: AuditTarget,
	details: Record<string, string> = {},
	at = new Date()
) {
	await db.insert(auditEvent).values({
		at,
		actorId: actor.id,
		actorName: actor.name,
		action,
		targetType: target.type,
		targetId: target.id,
		targetLabel: target.label,
		details
	});
}

/** Newest first; `query` matches who, whom, the action or the details (a reason). Pages by id. */
export async function searchAudit(db: Db, query: string, limit = 50, beforeId?: number) {
	const pattern = containsPattern(query);
	const filters: (SQL | undefined)[] = [
		query
			? or(
					ilike(auditEvent.actorName, pattern),
					ilike(auditEvent.targetLabel, pattern),
					ilike(auditEvent.action, pattern),
					ilike(auditEvent.targetId, pattern),
					ilike(sql`${auditEvent.details}::text`, pattern)
				)
			: undefined,
		beforeId ? lt(auditEvent.id, beforeId) : undefined
	];
	return db
		.select()
		.from(auditEvent)
		.where(and(...filters))
		.orderBy(desc(auditEvent.id))
		.limit(limit);
}
