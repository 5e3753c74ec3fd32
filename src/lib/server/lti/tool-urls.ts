/**
 * The tool's URLs an LMS admin pastes into the platform. Deep linking starts like any launch (the
 * launch reads the message type), so its "content selection URL" is the launch URL.
 */
export function toolUrls(origin: string) {
	return {
		login: `${origin}/lti/login`,
		launch: `${origin}/lti/launch`,
		jwks: `${origin}/lti/jwks`,
		deepLinking: `${origin}/lti/launch`,
		/** Dynamic Registration: the one URL an LMS admin pastes ("Tool URL" in Moodle). */
		register: `${origin}/lti/register`
	};
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** An https URL (http only on this machine's loopback, for tests and demos), or undefined. */
export function platformUrl(text: string): string | undefined {
	try {
		const url = new URL(text.trim());
		if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname)))
			return url.href.replace(/\/$/, url.pathname === '/' ? '' : '/');
	} catch {
		// not a URL
	}
	return undefined;
}
