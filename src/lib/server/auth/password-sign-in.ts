import type { RequestEvent } from '@sveltejs/kit';
import { db } from '../db';
import type { User } from '../db/schema';
import { emailError, invalid, textField, throttledMessage } from '../forms';
import * as m from '$lib/paraglide/messages';
import { clientAddress } from './client-address';
import { setDeviceCookie } from './cookies';
import { DEVICE_COOKIE, rememberDevice } from './known-device';
import { authenticate } from './login';
import { startSession } from './start-session';

/**
 * The e-mail and password of a sign-in form, checked (throttled, disabled accounts told so) and, when
 * right, a session started: `/login`, and `/lti/register`, which signs an admin in on its own page.
 */
export async function signInWithPassword(
	event: RequestEvent,
	data: FormData
): Promise<
	{ user: User; failure?: never } | { user?: never; failure: ReturnType<typeof invalid> }
> {
	const values = { email: textField(data, 'email') };
	const password = textField(data, 'password');
	const errors = {
		email: emailError(values.email),
		password: password ? undefined : m.error_required()
	};
	if (errors.email || errors.password) {
		return { failure: invalid(400, { values, errors, message: m.error_form_invalid() }) };
	}
	// Longer than any allowed password: refuse without hashing megabytes.
	const result =
		[...password].length > 256
			? ({ kind: 'invalid' } as const)
			: await authenticate(db(), {
					email: values.email,
					password,
					ip: clientAddress(event),
					device: event.cookies.get(DEVICE_COOKIE)
				});
	if (result.kind === 'throttled') {
		event.setHeaders({ 'Retry-After': String(result.retryAfter) });
		return {
			failure: invalid(429, { values, errors: {}, message: throttledMessage(result.retryAfter) })
		};
	}
	if (result.kind === 'invalid') {
		return { failure: invalid(400, { values, errors: {}, message: m.error_login_invalid() }) };
	}
	if (result.kind === 'disabled') {
		const contact = process.env.SUPPORT_EMAIL ? ` (${process.env.SUPPORT_EMAIL})` : '';
		return {
			failure: invalid(403, { values, errors: {}, message: m.login_disabled({ contact }) })
		};
	}
	const device = await rememberDevice(db(), result.user.id, event.cookies.get(DEVICE_COOKIE));
	if (device) setDeviceCookie(event.cookies, device);
	await startSession(db(), event.cookies, result.user.id);
	return { user: result.user };
}
