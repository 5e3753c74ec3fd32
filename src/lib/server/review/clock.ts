/**
 * The time reviews are scheduled by. Tests pass their own `now`; the e2e server (and only a server
 * started with TEST_CLOCK=1, which no deployment sets) reads an `x-test-now` header instead, so a
 * browser test can move days ahead without sleeping. Without that variable the header is ignored.
 */
export function now(request?: Request): Date {
	if (request && testClock()) {
		const header = request.headers.get('x-test-now');
		const at = header ? new Date(header) : undefined;
		if (at && !Number.isNaN(at.getTime())) return at;
	}
	return new Date();
}

/** True only on a test server (TEST_CLOCK=1 and not NODE_ENV=production). */
export function testClock() {
	return process.env.TEST_CLOCK === '1' && process.env.NODE_ENV !== 'production';
}
