import type { Handle } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { frameAncestors } from '$lib/server/lti/frames';
import { registrationFrameAncestor } from '$lib/server/lti/dynamic-registration';
import { LTI_SESSION_COOKIE } from '$lib/server/lti/session';

/** Dynamic Registration's initiation URL (its confirmation is posted from its own page). */
export const REGISTER_PATH = '/lti/register';

/** Cross-site form posts the LMS makes: checked by their own rules (OIDC state, signed JWTs). */
export const LTI_CROSS_SITE_POSTS = ['/lti/login', '/lti/launch'];

/**
 * RFC 8058 one-click unsubscribe: a mail provider posts `List-Unsubscribe=One-Click` from its own
 * servers, with no Origin and no session. The token in the path is the only check (it can only
 * turn reminder mail off); the route answers a bad one with 404.
 */
const ONE_CLICK_UNSUBSCRIBE = /^\/unsubscribe\/[^/]+$/;

/** Paths that accept a POST from another origin (or none): each checks the request by its own rules. */
export function crossSitePostAllowed(pathname: string) {
	return LTI_CROSS_SITE_POSTS.includes(pathname) || ONE_CLICK_UNSUBSCRIBE.test(pathname);
}

const FORM_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
];

/**
 * Kit's CSRF origin check (`kit.csrf.trustedOrigins: ['*']` turns Kit's own off), kept for every
 * path but the LTI endpoints an LMS posts to from its own origin, which cannot be listed in advance,
 * and the one-click unsubscribe a mail provider posts to.
 */
export const handleCsrf: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	const origin = request.headers.get('origin');
	const forbidden =
		!dev &&
		['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) &&
		FORM_TYPES.includes(type) &&
		origin !== url.origin &&
		!crossSitePostAllowed(url.pathname);
	if (forbidden) {
		const message = `Cross-site ${request.method} form submissions are forbidden`;
		return request.headers.get('accept') === 'application/json'
			? Response.json({ message }, { status: 403 })
			: new Response(message, { status: 403 });
	}
	return resolve(event);
};

/**
 * Pages seen through an LTI session may be framed by the registered platforms; all others stay
 * unframeable. Runs outside handleHeaders, so it adjusts what that set.
 */
export const handleLtiFrame: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	let csp = response.headers.get('content-security-policy') ?? '';
	// Dynamic Registration: the LMS that is registering opens the page in its own iframe or window.
	const registering = event.url.pathname === REGISTER_PATH;
	if (registering && csp.includes("frame-ancestors 'none'")) {
		const origin = registrationFrameAncestor(event.url);
		if (origin) csp = csp.replace("frame-ancestors 'none'", `frame-ancestors ${origin}`);
	} else if (event.cookies.get(LTI_SESSION_COOKIE) && csp.includes("frame-ancestors 'none'")) {
		const origins = await frameAncestors();
		if (origins.length)
			csp = csp.replace("frame-ancestors 'none'", `frame-ancestors ${origins.join(' ')}`);
	}
	// The LTI pages set their own frame-ancestors: X-Frame-Options DENY must not contradict it.
	if (!csp.includes('frame-ancestors') || csp.includes("frame-ancestors 'none'")) return response;
	const adjust = (headers: Headers) => {
		headers.delete('x-frame-options');
		headers.set('content-security-policy', csp);
		// The done page posts to `window.opener` (the LMS, or our own page in its iframe): a
		// same-origin COOP would cut that link when the page opens in a new window.
		if (registering) headers.set('cross-origin-opener-policy', 'unsafe-none');
	};
	try {
		adjust(response.headers);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		adjust(copy.headers);
		return copy;
	}
};
