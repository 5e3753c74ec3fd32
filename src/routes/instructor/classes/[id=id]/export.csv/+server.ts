import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { classForViewer } from '$lib/server/classes';
import { getCourse } from '$lib/server/content';
import { toCsv } from '$lib/server/csv';
import { classLearners } from '$lib/server/reports';
import * as m from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const viewer = requireUser(event, 'instructor', 'admin');
	const klass = await classForViewer(db(), event.params.id, viewer);
	if (!klass) error(404, m.error_not_found());
	const lessons = getCourse().lessons;
	const learners = await classLearners(db(), klass.id);
	learners.sort((a, b) => a.name.localeCompare(b.name));
	const header = [
		m.field_name(),
		m.field_email(),
		m.matrix_sort_joined(),
		...lessons.map((l) => `L${l.number} ${l.slug} (%)`),
		m.matrix_passed(),
		m.matrix_certificate()
	];
	const body = learners.map((l) => [
		l.name,
		l.email,
		l.joinedAt.toISOString().slice(0, 10),
		...lessons.map((lesson) => l.lessons[lesson.slug]?.[0] ?? null),
		l.passed,
		l.certificateCode && !l.certificateRevoked ? l.certificateCode : null
	]);
	const filename = `${klass.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'class'}.csv`;
	return new Response(toCsv([header, ...body]), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="class.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
			'Cache-Control': 'private, no-store'
		}
	});
};
