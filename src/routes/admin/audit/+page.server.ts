import { requireUser } from '$lib/server/auth/guard';
import { searchAudit } from '$lib/server/audit';
import { parseAuditFilter } from '$lib/server/audit-filter';
import { db } from '$lib/server/db';
import { auditActions } from '$lib/server/db/schema';
import type { PageServerLoad } from './$types';

const PAGE = 50;

/**
 * Admins only: the append-only trail, newest first, 50 a page (keyset on the id), searchable and
 * filtered by action and days. A wrong filter shows the form with its messages and no result.
 */
export const load = (async (event) => {
	requireUser(event, 'admin');
	const { values, errors, filter } = parseAuditFilter(event.url.searchParams);
	const raw = event.url.searchParams.get('before') ?? '';
	const before = /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
	const events = filter ? await searchAudit(db(), filter, PAGE + 1, before) : [];
	// The filter as a query string, for the paging links.
	const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
	return {
		values,
		errors,
		valid: filter !== null,
		actions: auditActions,
		query,
		paged: before !== undefined,
		next: events.length > PAGE ? events[PAGE - 1].id : null,
		events: events.slice(0, PAGE).map((e) => ({ ...e, at: e.at.toISOString() }))
	};
}) satisfies PageServerLoad;
