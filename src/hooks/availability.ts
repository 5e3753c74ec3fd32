import type { Handle, RequestEvent } from '@sveltejs/kit';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import * as m from '$lib/paraglide/messages';

/** Requests whose error `handleError` found to be an unavailable database (set there). */
const unavailable = new WeakSet<Request>();

export function markUnavailable(event: RequestEvent) {
	unavailable.add(event.request);
}

const RETRY_AFTER = '5';

function seconds(name: string, fallback: number) {
	const value = Number(process.env[name] ?? fallback);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The answer when not even the error page can be rendered (the database failed in `handle`). */
function unavailableResponse(event: RequestEvent) {
	const headers = { 'Retry-After': RETRY_AFTER, 'Cache-Control': 'no-store' };
	const message = `${m.error_unavailable({}, { locale: 'de' })} / ${m.error_unavailable({}, { locale: 'en' })}`;
	const accept = event.request.headers.get('accept') ?? '';
	if (accept.includes('application/json')) {
		// The shape `use:enhance` and `__data.json` readers understand as an error.
		return Response.json(
			{ type: 'error', status: 503, error: { message } },
			{ status: 503, headers }
		);
	}
	const html = `<!doctype html><html lang="de"><meta charset="utf-8"><title>503</title><p>${message}</p></html>`;
	return new Response(html, {
		status: 503,
		headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' }
	});
}

/**
 * A database that is down, restarting or swamped gives 503 with Retry-After, never a hanging
 * request or a 500: every request has a deadline (REQUEST_TIMEOUT seconds, default 30), and errors
 * that mean "database unavailable" turn into 503. Form posts are idempotent (an attempt is submitted
 * once), so a learner may simply send again.
 */
export const handleAvailability: Handle = async ({ event, resolve }) => {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<'timeout'>((done) => {
		timer = setTimeout(() => done('timeout'), seconds('REQUEST_TIMEOUT', 30) * 1000);
	});
	const work = Promise.resolve(resolve(event));
	try {
		const response = await Promise.race([work, deadline]);
		if (response === 'timeout') {
			work.catch(() => {});
			return unavailableResponse(event);
		}
		if (response.status === 500 && unavailable.has(event.request)) {
			const headers = new Headers(response.headers);
			headers.set('Retry-After', RETRY_AFTER);
			headers.set('Cache-Control', 'no-store');
			return new Response(response.body, { status: 503, headers });
		}
		return response;
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		console.error('database unavailable:', (error as Error).message);
		return unavailableResponse(event);
	} finally {
		clearTimeout(timer);
	}
};
