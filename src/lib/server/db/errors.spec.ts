import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './errors';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('isDatabaseUnavailable', () => {
	it('knows lost connections, restarts and timeouts, also wrapped by drizzle', () => {
		for (const code of ['ECONNREFUSED', 'CONNECT_TIMEOUT', '57P01', '57P03', '57014', '08006']) {
			expect(isDatabaseUnavailable(coded(code))).toBe(true);
			expect(isDatabaseUnavailable(new Error('Failed query', { cause: coded(code) }))).toBe(true);
		}
	});

	it('leaves bugs and constraint errors alone', () => {
		expect(isDatabaseUnavailable(new Error('x'))).toBe(false);
		expect(isDatabaseUnavailable(coded('23505'))).toBe(false);
		expect(isDatabaseUnavailable(undefined)).toBe(false);
	});
});
