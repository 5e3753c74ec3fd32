import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * The one way a secret handed out as a token (session cookie, e-mail link, LTI state, deep-link
 * session, unsubscribe link) is made and stored: 160 random bits, base32 so it is cookie- and
 * URL-safe; the database keeps only its SHA-256, so a leaked table grants nothing.
 */
export function newToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored form of a token: hex SHA-256 (a token has 160 random bits: no salt or slow hash needed). */
export function tokenHash(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
