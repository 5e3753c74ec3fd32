import { and, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { TIME_ZONE } from '../format';
import type { AuditFilter } from './audit-filter';
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

/**
 * Newest first; `query` matches who, whom, the action or the details (a reason), or is a filter that
 * also narrows by action and by calendar days (`from`/`to` inclusive, in the UI's time zone, so a
 * day means what the page's dates show). Pages by id.
 */
export async function searchAudit(
	db: Db,
	query: string | AuditFilter,
	limit = 50,
	beforeId?: number
) {
	const filter = typeof query === 'string' ? { q: query } : query;
	const pattern = containsPattern(filter.q);
	const dayStart = (day: string) => sql`(${day}::date::timestamp at time zone ${TIME_ZONE})`;
	const filters: (SQL | undefined)[] = [
		filter.q
			? or(
					ilike(auditEvent.actorName, pattern),
					ilike(auditEvent.targetLabel, pattern),
					ilike(auditEvent.action, pattern),
					ilike(auditEvent.targetId, pattern),
					ilike(sql`${auditEvent.details}::text`, pattern)
				)
			: undefined,
		filter.action ? eq(auditEvent.action, filter.action) : undefined,
		filter.from ? sql`${auditEvent.at} >= ${dayStart(filter.from)}` : undefined,
		filter.to
			? sql`${auditEvent.at} < (${filter.to}::date + 1)::timestamp at time zone ${TIME_ZONE}`
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
