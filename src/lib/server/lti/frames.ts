import { db } from '../db';
import { platformOrigins } from './registrations';

let cached: { at: number; origins: Promise<string[]> } | undefined;

/** The registered platforms' origins (a minute old at most): who may frame an LTI page. */
export function frameAncestors(now = Date.now()): Promise<string[]> {
	if (!cached || now - cached.at > 60_000) {
		const origins = platformOrigins(db());
		cached = { at: now, origins };
		origins.catch(() => (cached = undefined));
	}
	return cached.origins;
}

export function forgetFrameAncestors() {
	cached = undefined;
}
