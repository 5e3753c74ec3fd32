import { error } from '@sveltejs/kit';
import { exportFileName, exportPersonalData } from '$lib/server/account/export';
import { requireUser } from '$lib/server/auth/guard';
import { getCourse } from '$lib/server/content';
import { db } from '$lib/server/db';
import * as m from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** The signed-in person's own data as a JSON download; never stored by a browser or proxy cache. */
export const GET: RequestHandler = async (event) => {
	const me = requireUser(event);
	const locale = event.locals.locale;
	const lessonTitles = new Map(getCourse().lessons.map((l) => [l.slug, l.text[locale].title]));
	const data = await exportPersonalData(db(), me.id, {
		locale,
		lessonTitles,
		origin: event.url.origin
	});
	if (!data) error(404, m.error_not_found());
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${exportFileName()}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
