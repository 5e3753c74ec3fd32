import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';

describe('password policy', () => {
	it('refuses passwords shorter than 8 characters, counting characters not bytes', () => {
		expect(checkPasswordPolicy('kurz123')).toBe('too_short');
		expect(checkPasswordPolicy('äöüäöüä')).toBe('too_short'); // 7 characters, 14 bytes
		expect(checkPasswordPolicy('grüne-wiese')).toBeNull();
	});

	it('accepts 256 characters and refuses 257', () => {
		expect(checkPasswordPolicy('Wald-'.repeat(51) + 'x')).toBeNull();
		expect(checkPasswordPolicy('Wald-'.repeat(51) + 'xy')).toBe('too_long');
	});

	it('refuses common passwords in any case, and repeated characters', () => {
		expect(checkPasswordPolicy('password1')).toBe('common');
		expect(checkPasswordPolicy('PassWort123')).toBe('common');
		expect(checkPasswordPolicy('aaaaaaaaaaaa')).toBe('common');
	});

	it('refuses a password that contains the email name', () => {
		expect(checkPasswordPolicy('xx-mariella-2026', 'Mariella@example.com')).toBe('contains_email');
		expect(checkPasswordPolicy('xx-mariella-2026', 'tom@example.com')).toBeNull();
	});

	it('hashes with argon2id (m=19456, t=2, p=1) and verifies without truncating', async () => {
		const long = 'a-very-long-passphrase-'.repeat(10);
		const hash = await hashPassword(long);
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, long)).toBe(true);
		expect(await verifyPassword(hash, long.slice(0, -1))).toBe(false);
		expect(await verifyPassword('not-a-hash', long)).toBe(false);
	});
});
