import { error, type RequestEvent } from '@sveltejs/kit';
import { isCertificateCode } from '$lib/certificates/code';
import { requireUser } from '../auth/guard';
import { REVOKE_REASON_MAX, revokeCertificate } from './issue';
import { db } from '../db';
import { mailOrigin } from '../origin';
import { invalid, textField } from '../forms';
import * as m from '$lib/paraglide/messages';

/**
 * A form action for admins: fields `code` and `reason`. Use it as `revoke: revokeAction` in any
 * page's actions (the certificate page has it; the admin page may too). Answers in the shape of
 * `invalid()` with `action: 'revoke'`, or `{ action: 'revoke', success }`.
 */
export async function revokeAction(event: RequestEvent) {
	const admin = requireUser(event, 'admin');
	const data = await event.request.formData();
	const values = {
		code: textField(data, 'code').trim().toLowerCase(),
		reason: textField(data, 'reason').trim()
	};
	const errors = {
		code: isCertificateCode(values.code) ? undefined : m.cert_find_invalid(),
		reason: !values.reason
			? m.error_required()
			: [...values.reason].length > REVOKE_REASON_MAX
				? m.cert_revoke_reason_long()
				: undefined
	};
	if (errors.code || errors.reason) {
		return invalid(400, { action: 'revoke', values, errors, message: m.error_form_invalid() });
	}
	const result = await revokeCertificate(
		db(),
		values.code,
		values.reason,
		admin.id,
		new Date(),
		mailOrigin(event)
	);
	if (result === 'forbidden') error(403, m.error_forbidden());
	if (result === 'not_found') {
		return invalid(404, { action: 'revoke', values, message: m.cert_not_found() });
	}
	return {
		action: 'revoke',
		success: result === 'revoked' ? m.cert_revoke_done() : m.cert_revoke_already()
	};
}
