import { error, isHttpError, type Handle, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { crossSitePostAllowed } from './lti';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
/** Longer than any field of ours (a pasted credential is a few KB); longer input is refused. */
const MAX_FIELD = 20_000;
const MAX_FIELDS = 400;
const MAX_QUERY_VALUE = 2_048;
// Tab, newline and carriage return are text (a textarea sends CR LF); every other control
// character, and U+FFFD (what the decoder makes of bytes that are not UTF-8), is not.
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;
// eslint-disable-next-line no-control-regex
const NOT_PATH = /[\u0000-\u001f\u007f\ufffd]/;

/** False for a malformed escape in the path: SvelteKit answers those with 400 itself. */
function wellFormedPath(url: URL) {
	try {
		decodeURIComponent(url.pathname);
		return true;
	} catch {
		return false;
	}
}

function checkUrl(url: URL) {
	if (NOT_PATH.test(decodeURIComponent(url.pathname))) error(400, m.error_bad_request());
	for (const [key, value] of url.searchParams) {
		if (NOT_TEXT.test(key) || NOT_TEXT.test(value) || value.length > MAX_QUERY_VALUE) {
			error(400, m.error_bad_request());
		}
	}
}

async function checkForm(event: RequestEvent) {
	// SvelteKit refuses cross-origin *form* posts; ours refuses them whatever the content type (S10).
	// An LMS posts LTI messages from its own origin, a mail provider one-click unsubscribes from
	// none; those endpoints check them by their own rules (lti.ts).
	const crossSiteAllowed = crossSitePostAllowed(event.url.pathname);
	if (!crossSiteAllowed && event.request.headers.get('origin') !== event.url.origin)
		error(403, m.error_cross_origin());
	const type = (event.request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (!FORM_TYPES.includes(type)) error(415, m.error_unsupported_media());
	let form: FormData;
	try {
		form = await event.request.clone().formData();
	} catch (e) {
		// adapter-node's body limit (BODY_SIZE_LIMIT) surfaces here as a 413.
		if ((isHttpError(e) ? e.status : (e as { status?: unknown }).status) === 413) {
			error(413, m.error_too_large());
		}
		error(400, m.error_bad_request());
	}
	let fields = 0;
	for (const [key, value] of form) {
		if (++fields > MAX_FIELDS) error(413, m.error_too_large());
		if (NOT_TEXT.test(key)) error(400, m.error_bad_request());
		if (typeof value !== 'string') continue;
		if (value.length > MAX_FIELD) error(413, m.error_too_large());
		if (NOT_TEXT.test(value)) error(400, m.error_not_text());
	}
}

/**
 * One gate for all input, before any route sees it: a URL, query or form that is not text, a body
 * that is not a form, or one too large gets a 4xx and a message in the user's language — so no
 * action meets a body `formData()` cannot read, and no control character reaches PostgreSQL.
 */
export const handleInput: Handle = async ({ event, resolve }) => {
	// SvelteKit 2.70 crashes the process (an unhandled rejection) when a hook throws for a request
	// whose path it could not decode: leave those to its own 400.
	if (!wellFormedPath(event.url)) return resolve(event);
	checkUrl(event.url);
	if (event.request.method === 'POST') await checkForm(event);
	return resolve(event);
};
