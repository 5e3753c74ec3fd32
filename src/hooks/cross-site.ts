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
