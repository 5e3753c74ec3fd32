import { hash, verify } from '@node-rs/argon2';
import { commonPasswords } from './common-passwords';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

/** Length counts characters (code points), not bytes; nothing is truncated. */
export function checkPasswordPolicy(password: string, email = ''): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return 'too_short';
	if (length > PASSWORD_MAX) return 'too_long';
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower) || /^(.)\1+$/.test(password)) return 'common';
	const local = email.toLowerCase().split('@')[0];
	if (local.length >= 4 && lower.includes(local)) return 'contains_email';
	return null;
}

// OWASP's argon2id minimum: m=19 MiB, t=2, p=1.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFKC'), options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password.normalize('NFKC'));
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;
/** Spends the time of a real verification so an unknown email answers as slowly as a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('lernpfad-dummy-password-never-matches');
	await verifyPassword(await dummyHash, password);
	return false;
}
