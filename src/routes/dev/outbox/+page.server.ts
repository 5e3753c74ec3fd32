import { error } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { db } from '$lib/server/db';
import { recentMails } from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

// `dev` is false in a build: there this page is a 404 and its query is dead code.
export const load = (async () => {
	if (!dev) error(404);
	const rows = await recentMails(db());
	return {
		mails: rows.map((r) => ({
			id: r.id,
			to: r.toAddress,
			subject: r.subject,
			text: r.text,
			kind: r.kind,
			createdAt: r.createdAt.toISOString(),
			state: r.sentAt ? 'sent' : r.failedAt ? 'failed' : 'queued'
		}))
	};
}) satisfies PageServerLoad;
