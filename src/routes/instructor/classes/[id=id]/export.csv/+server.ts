import { TIME_ZONE } from '$lib/format';
import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { classForViewer } from '$lib/server/classes';
import { getCourse } from '$lib/server/content';
import { CSV_BOM, csvLine, type Cell, type CsvFormat } from '$lib/server/csv';
import { classLearnerIds, classLearners, type LearnerRow } from '$lib/server/reports';
import * as m from '$lib/paraglide/messages';
import { learnerRetention } from '$lib/server/review/retention';
import { failingOf, needsHelpOf } from '../class-report.server';
import type { RequestHandler } from './$types';

/** Learners read per query: memory stays flat however large the class. */
const BATCH = 1000;

/** `?format=excel-de` or `?format=csv`; otherwise German Excel's dialect for a German UI. */
function formatOf(url: URL, locale: string): CsvFormat {
	const asked = url.searchParams.get('format');
	if (asked === 'excel-de' || asked === 'csv') return asked;
	return locale === 'de' ? 'excel-de' : 'csv';
}

// The pages' time zone, not UTC (V17): "2026-12-02 09:47", as the drill-down shows it. Swedish
// writes dates and times in ISO order.
const csvTime = new Intl.DateTimeFormat('sv-SE', {
	timeZone: TIME_ZONE,
	dateStyle: 'short',
	timeStyle: 'short'
});
const dateTime = (d: Date | null) => (d ? csvTime.format(d) : null);

export const GET: RequestHandler = async (event) => {
	const viewer = requireUser(event, 'instructor', 'admin');
	const klass = await classForViewer(db(), event.params.id, viewer);
	if (!klass) error(404, m.error_not_found());
	const format = formatOf(event.url, event.locals.locale);
	const locale = event.locals.locale;
	const lessons = getCourse().lessons;
	const now = new Date();
	// Messages are read now: the stream's pull() runs outside the request's locale context.
	const [yes, no, revoked] = [m.csv_yes(), m.csv_no(), m.matrix_cert_revoked()];
	const yesNo = (b: boolean) => (b ? yes : no);
	const header = [
		m.field_name(),
		m.field_email(),
		m.matrix_sort_joined(),
		...lessons.flatMap((l) => {
			const lesson = `L${l.number} ${l.text[locale].title}`;
			return [m.csv_best({ lesson }), m.csv_lesson_passed({ lesson }), m.csv_attempts({ lesson })];
		}),
		m.csv_lessons_passed(),
		m.matrix_last_activity(),
		m.csv_needs_help(),
		m.matrix_certificate(),
		m.csv_review_answers(),
		m.csv_review_right()
	];
	const record = (l: LearnerRow, r?: { answers: number; right: number }): Cell[] => [
		l.name,
		l.email,
		l.joinedAt.toISOString().slice(0, 10),
		...lessons.flatMap((lesson) => {
			const v = l.lessons[lesson.slug];
			return [v?.[0] ?? null, yesNo(v?.[2] ?? false), v?.[1] ?? 0];
		}),
		l.passed,
		dateTime(l.lastActivity),
		yesNo(needsHelpOf({ ...l, failing: failingOf(l) }, lessons.length, now)),
		l.certificateCode ? (l.certificateRevoked ? revoked : l.certificateCode) : null,
		r?.answers ?? 0,
		r?.answers ? Math.round((r.right / r.answers) * 100) : null
	];

	// Streamed in name order, a batch of learners at a time: the first bytes leave after one small
	// query, and only one batch's rows are ever held.
	const encoder = new TextEncoder();
	let ids: string[] | null = null;
	let next = 0;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (!ids) {
				ids = await classLearnerIds(db(), klass.id);
				controller.enqueue(encoder.encode(CSV_BOM + csvLine(header, format)));
				return;
			}
			const batch = ids.slice(next, (next += BATCH));
			if (batch.length) {
				const [learners, retention] = await Promise.all([
					classLearners(db(), klass.id, { ids: batch }),
					learnerRetention(db(), klass.id, batch)
				]);
				controller.enqueue(
					encoder.encode(
						learners.map((l) => csvLine(record(l, retention.get(l.userId)), format)).join('')
					)
				);
			}
			if (next >= ids.length) controller.close();
		}
	});
	const suffix = format === 'excel-de' ? '-excel' : '';
	const filename = `${klass.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'class'}${suffix}.csv`;
	return new Response(body, {
		headers: {
			'Content-Type': `text/csv; charset=utf-8${format === 'excel-de' ? '' : '; header=present'}`,
			'Content-Disposition': `attachment; filename="class.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
			'Cache-Control': 'private, no-store'
		}
	});
};
