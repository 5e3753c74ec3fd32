import { dev } from '$app/environment';

/**
 * The public origin from `ORIGIN`, or undefined when it is not set. Links in mail are built from
 * this only, never from a request's Host or X-Forwarded-Host: behind a proxy that forwards the
 * client's Host, those are the attacker's choice, and a reset link would point to their server (H2).
 */
export function configuredOrigin(env = process.env): string | undefined {
	const value = env.ORIGIN?.trim();
	if (!value) return undefined;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error(
			`ORIGIN=${value} is not a URL: set it to the public origin, e.g. https://lernpfad.example.org`
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new Error(`ORIGIN=${value} must start with https:// (or http://)`);
	}
	return url.origin;
}

/** Stops the start in production without `ORIGIN` (called from the server's init), with the fix in the message. */
export function requireOrigin(env = process.env) {
	if (dev || configuredOrigin(env)) return;
	throw new Error(
		'ORIGIN is not set. Set it to the public origin, e.g. ORIGIN=https://lernpfad.example.org: ' +
			'links in mail (password reset, confirmation) are built from it, never from request headers ' +
			'(see docs/OPERATIONS.md). HOST_HEADER is not enough.'
	);
}

/**
 * The origin for links in mail: `ORIGIN` (required in production, see `requireOrigin`); only the
 * development server, which has no `ORIGIN`, falls back to the address it was opened at.
 */
export function mailOrigin(event: { url: URL }): string {
	const configured = configuredOrigin();
	if (configured) return configured;
	if (dev) return event.url.origin;
	throw new Error('ORIGIN is not set (see requireOrigin)');
}

/**
 * The origin for links in mail a background job writes (no request to fall back to): `ORIGIN`;
 * only the development server without it uses Vite's default address.
 */
export function jobOrigin(): string {
	const configured = configuredOrigin();
	if (configured) return configured;
	if (dev) return 'http://localhost:5173';
	throw new Error('ORIGIN is not set (see requireOrigin)');
}
