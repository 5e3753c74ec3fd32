import type { JSONWebKeySet } from 'jose';
import type { LtiPlatform } from './registrations';

/** A platform's JWKS is kept ten minutes; an unknown `kid` fetches it again at most every 10 s. */
const TTL_MS = 10 * 60 * 1000;
const REFRESH_COOLDOWN_MS = 10 * 1000;
const cache = new Map<string, { at: number; keys: Promise<JSONWebKeySet> }>();

async function fetchJwks(url: string): Promise<JSONWebKeySet> {
	const res = await fetch(url, {
		headers: { accept: 'application/json' },
		signal: AbortSignal.timeout(5000)
	});
	if (!res.ok) throw new Error(`JWKS ${url}: HTTP ${res.status}`);
	const body = (await res.json()) as JSONWebKeySet;
	if (!Array.isArray(body?.keys)) throw new Error(`JWKS ${url}: no "keys"`);
	return body;
}

/** The platform's public keys, cached; `refresh` re-fetches unless that just happened. */
export function platformJwks(
	platform: Pick<LtiPlatform, 'jwksUrl'>,
	refresh = false,
	now = Date.now()
): Promise<JSONWebKeySet> {
	const hit = cache.get(platform.jwksUrl);
	const fresh = hit && now - hit.at < (refresh ? REFRESH_COOLDOWN_MS : TTL_MS);
	if (hit && fresh) return hit.keys;
	const keys = fetchJwks(platform.jwksUrl);
	cache.set(platform.jwksUrl, { at: now, keys });
	keys.catch(() => cache.delete(platform.jwksUrl));
	return keys;
}
