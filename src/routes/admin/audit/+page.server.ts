import { requireUser } from '$lib/server/auth/guard';
import { searchAudit } from '$lib/server/audit';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

const PAGE = 50;

/** Admins only: the append-only trail, newest first, searchable, 50 a page (keyset on the id). */
export const load = (async (event) => {
	requireUser(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const raw = event.url.searchParams.get('before') ?? '';
	const before = /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
	const events = await searchAudit(db(), q, PAGE + 1, before);
	return {
		q,
		paged: before !== undefined,
		next: events.length > PAGE ? events[PAGE - 1].id : null,
		events: events.slice(0, PAGE).map((e) => ({ ...e, at: e.at.toISOString() }))
	};
}) satisfies PageServerLoad;
