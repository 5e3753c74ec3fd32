import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { checkPasswordPolicy, type PasswordProblem } from './auth/password';

/** A text field's value, or '' when it is missing or not text (a file upload where text belongs). */
export function textField(data: FormData, key: string): string {
	const value = data.get(key);
	return typeof value === 'string' ? value : '';
}

// A plain `local@domain` mailbox only (the HTML standard's "valid e-mail address", with a dot in the
// domain): no display name, list, comment, quoted local part or whitespace. Anything looser, a mail
// library reads as another mailbox (`x,victim@…`, `z<victim@…>`, `a(b)c@…`), and each spelling
// would count as a new address to the per-address limits (M2).
const EMAIL =
	/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// Bidirectional overrides and isolates: a name must not reorder the text around it (on a certificate,
// in a class list).
// Also every invisible character (Unicode Default_Ignorable_Code_Point: ZWSP, soft hyphen, …), every
// bidi control (RLM, ALM, …) and line or paragraph separators (NEL, LS, PS): a name shows what it says (L7).
const BIDI =
	/[\u202a-\u202e\u2066-\u2069\u0085\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\p{Zl}\p{Zp}]/u;

export function nameError(name: string): string | undefined {
	const trimmed = name.trim();
	if (!trimmed) return m.error_required();
	if ([...trimmed].length > 100 || CONTROL.test(trimmed) || BIDI.test(trimmed)) {
		return m.error_name_length();
	}
}

export function emailError(email: string): string | undefined {
	const trimmed = email.trim();
	if (!trimmed) return m.error_required();
	if (trimmed.length > 254 || trimmed.split('@')[0].length > 64 || !EMAIL.test(trimmed)) {
		return m.error_email_invalid();
	}
}

const passwordMessages: Record<PasswordProblem, (email: string) => string> = {
	too_short: () => m.error_password_too_short(),
	too_long: () => m.error_password_too_long(),
	common: () => m.error_password_common(),
	// Names the part that counts: "hannah", not the whole address (V16).
	contains_email: (email) =>
		m.error_password_contains_email({ local: email.trim().toLowerCase().split('@')[0] })
};

export function passwordError(password: string, email = ''): string | undefined {
	if (!password) return m.error_required();
	const problem = checkPasswordPolicy(password, email);
	return problem ? passwordMessages[problem](email) : undefined;
}

export function throttledMessage(retryAfterSeconds: number): string {
	return m.error_throttled({ minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
}

const BASE = 'http://lernpfad.invalid';
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * Only same-origin paths. Browsers drop tabs and newlines and read `\` as `/`, so any control
 * character or backslash is refused outright; what remains is resolved as a browser would and must
 * stay on this origin without becoming `//host`. The result is percent-encoded (safe in Location).
 */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
	if (!target || target.length > 2048 || UNSAFE.test(target)) return fallback;
	if (!target.startsWith('/') || target.startsWith('//')) return fallback;
	let url: URL;
	try {
		url = new URL(target, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE || url.pathname.startsWith('//')) return fallback;
	return url.pathname + url.search + url.hash;
}

export type FieldErrors = Partial<Record<string, string>>;

/** One shape for every rejected form, so pages can read `form.values`, `form.errors`, `form.message`. */
export function invalid(
	status: number,
	body: { values?: Record<string, string>; errors?: FieldErrors; message?: string; action?: string }
) {
	return fail(status, {
		action: body.action,
		values: body.values ?? {},
		errors: body.errors ?? {},
		message: body.message
	});
}
