import type { RequestEvent } from '@sveltejs/kit';
import { deleteOwnAccount } from '$lib/server/account/delete';
import { invalid, textField, throttledMessage } from '$lib/server/forms';
import { db } from '$lib/server/db';
import * as m from '$lib/paraglide/messages';

/**
 * Reads and checks the confirmation form (`password`, optional `revoke=on`) and deletes the account.
 * Returns a 4xx `invalid()` answer for anything but success, `undefined` when the account is gone.
 */
export async function confirmDeletion(event: RequestEvent, userId: string, ip: string) {
	const data = await event.request.formData();
	const password = textField(data, 'password');
	const revokeValue = data.get('revoke');
	const values = { revoke: typeof revokeValue === 'string' ? revokeValue : '' };
	const errors = {
		password: password ? undefined : m.error_required(),
		revoke: revokeValue === null || revokeValue === 'on' ? undefined : m.delete_choice_invalid()
	};
	if (errors.password || errors.revoke) {
		return invalid(400, { values, errors, message: m.error_form_invalid() });
	}
	const result = await deleteOwnAccount(db(), {
		userId,
		password,
		ip,
		revokeCertificate: revokeValue === 'on'
	});
	switch (result.kind) {
		case 'deleted':
			return undefined;
		case 'throttled':
			event.setHeaders({ 'Retry-After': String(result.retryAfter) });
			return invalid(429, { values, message: throttledMessage(result.retryAfter) });
		case 'wrong_password':
			return invalid(400, { values, errors: { password: m.error_current_password() } });
		case 'blocked':
			return invalid(409, {
				values,
				message: result.lastAdmin
					? m.delete_blocked_admin()
					: m.delete_blocked_classes({ classes: result.activeClasses.join(', ') })
			});
		case 'not_found':
			return invalid(404, { message: m.error_not_found() });
	}
}
