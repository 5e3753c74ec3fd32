import { getCourse } from '$lib/server/content';
import type { PageServerLoad } from './$types';

/** Public, server-rendered glossary; `?q=` filters it without JavaScript. */
export const load = (({ locals, url }) => {
	const course = getCourse();
	const locale = locals.locale;
	const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const needle = query.toLocaleLowerCase(locale);
	const all = course.glossary
		.map((e) => {
			const lesson = course.bySlug.get(e.lesson)!;
			const term = e.term[locale];
			const other = e.term[locale === 'de' ? 'en' : 'de'];
			return {
				id: e.id,
				term,
				// A translation that differs only in case ("DASD (direct access …)") is not shown twice.
				other: term.localeCompare(other, locale, { sensitivity: 'accent' }) === 0 ? null : other,
				definition: e.definition[locale],
				lesson: { slug: lesson.slug, number: lesson.number, title: lesson.text[locale].title }
			};
		})
		.sort((a, b) => a.term.localeCompare(b.term, locale, { sensitivity: 'base' }));
	const entries = needle
		? all.filter((e) =>
				[e.term, e.other ?? '', e.definition].some((t) =>
					t.toLocaleLowerCase(locale).includes(needle)
				)
			)
		: all;
	return { query, entries, total: all.length, otherLocale: locale === 'de' ? 'en' : 'de' };
}) satisfies PageServerLoad;
