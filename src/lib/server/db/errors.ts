/** postgres.js codes for a connection that could not be made or was lost. */
const connectionCodes = new Set([
	'CONNECT_TIMEOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN'
]);

/**
 * Whether an error means "the database is not available now" (down, restarting, overloaded, a
 * statement over its time limit) rather than a bug: such requests answer 503 and may be retried.
 * Drizzle wraps driver errors, so the causes are followed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string') {
			if (connectionCodes.has(code)) return true;
			// 08: connection exception; 57P01–57P03: admin shutdown, crash shutdown, cannot connect
			// now (starting up or shutting down); 57014: statement timeout; 53300: too many clients.
			if (/^08|^57P0[1-3]$|^57014$|^53300$/.test(code)) return true;
		}
		e = (e as { cause?: unknown }).cause;
	}
	return false;
}
