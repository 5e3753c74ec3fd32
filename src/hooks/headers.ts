import type { Handle } from '@sveltejs/kit';

function apply(headers: Headers, signedIn: boolean) {
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	// Only where the site is served over HTTPS for good (see docs/SECURITY.md): HSTS=1.
	if (process.env.HSTS === '1') {
		headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	// Pages get their CSP (with nonces) from `kit.csp`; endpoints and files get a locked-down one.
	if (!headers.has('Content-Security-Policy')) {
		headers.set(
			'Content-Security-Policy',
			"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
		);
	}
	if (signedIn && !headers.has('Cache-Control')) headers.set('Cache-Control', 'private, no-store');
}

export const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	try {
		apply(response.headers, event.locals.user !== null);
		return response;
	} catch {
		// Some responses (e.g. from `fetch`) have immutable headers: copy them.
		const copy = new Response(response.body, response);
		apply(copy.headers, event.locals.user !== null);
		return copy;
	}
};
