import { createHash } from 'node:crypto';
import type { Handle } from '@sveltejs/kit';

/**
 * A page a load marked `public` (the lesson for visitors) is the same for everyone in a language,
 * but for its CSP nonce. Its ETag is the hash of the page without the nonce, so a browser or CDN
 * revalidating after `max-age` gets a 304 (SvelteKit compares If-None-Match with this header, and
 * the 304 keeps the cached copy, whose nonce matches its own CSP header).
 */
export const handleCache: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	const cache = response.headers.get('cache-control') ?? '';
	if (response.status !== 200 || !cache.startsWith('public') || !type.startsWith('text/html')) {
		return response;
	}
	const html = await response.text();
	const stable = html.replace(/ nonce="[^"]*"/g, '');
	const etag = `"${createHash('sha256').update(stable).digest('base64url').slice(0, 22)}"`;
	const headers = new Headers(response.headers);
	headers.set('etag', etag);
	return new Response(html, { status: 200, headers });
};
