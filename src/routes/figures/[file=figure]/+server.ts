import { error } from '@sveltejs/kit';
import { contentFiles } from '$lib/server/content';
import type { RequestHandler } from './$types';

/** Lesson figures live in content/figures (with the authors' text), bundled into the server build. */
export const GET: RequestHandler = ({ params }) => {
	const svg = contentFiles[`content/figures/${params.file}`];
	if (!svg) error(404, 'Not found');
	return new Response(svg, {
		headers: {
			'Content-Type': 'image/svg+xml; charset=utf-8',
			'Cache-Control': 'public, max-age=3600',
			// An SVG opened on its own must not run anything.
			'Content-Security-Policy':
				"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
		}
	});
};
