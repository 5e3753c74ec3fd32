/**
 * The demo LMS for newcomers: `npm run lti:demo` runs the fake platform of tests/lti on this port
 * (127.0.0.1 only), and the development seed registers it. Its key pair lives in .data, so the
 * registration (which trusts the platform's JWKS URL) holds across restarts of both.
 */
export const DEMO_PLATFORM_PORT = 5190;
const base = `http://127.0.0.1:${DEMO_PLATFORM_PORT}`;

export const demoPlatform = {
	name: 'Demo LMS (npm run lti:demo)',
	issuer: base,
	clientId: 'lernpfad-demo',
	authUrl: `${base}/auth`,
	tokenUrl: `${base}/token`,
	jwksUrl: `${base}/jwks`,
	deploymentIds: ['demo-deployment']
};
