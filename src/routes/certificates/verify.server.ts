import { fail, type RequestEvent } from '@sveltejs/kit';
import { formatIssueDate } from '$lib/certificates/format';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/content';
import { verifyCredential } from '$lib/server/certificates/documents';
import { issuerId } from '$lib/server/certificates/credential';
import {
	extractJwt,
	type CredentialCheck,
	type ListState,
	type Mismatch
} from '$lib/server/certificates/verify';
import { textField } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import { throttleLookup } from './lookup.server';

const MAX_BYTES = 64 * 1024;

const fieldNames: Record<Mismatch, () => string> = {
	code: m.cert_field_code,
	name: m.cert_field_name,
	date: m.cert_field_date,
	result: m.cert_field_result
};

const listNotes: Record<ListState, () => string> = {
	active: m.cert_check_status_list_active,
	revoked: m.cert_check_status_list_revoked,
	absent: m.cert_check_status_list_absent,
	error: m.cert_check_status_list_error,
	skip: () => ''
};

function statusText(check: CredentialCheck, locale: 'de' | 'en') {
	const revokedAt = check.certificate?.revokedAt;
	if (check.signature === 'fail') return '';
	if (check.status === 'skip') return m.cert_check_status_skip();
	const verdict =
		check.status === 'pass'
			? m.cert_check_status_pass()
			: revokedAt
				? m.cert_check_status_fail({ date: formatIssueDate(revokedAt, locale) })
				: '';
	return [verdict, listNotes[check.statusList]()].filter(Boolean).join(' ');
}

/** The check as sentences in the reader's language, and the certificate only when the signature holds. */
function present(check: CredentialCheck, origin: string, locale: 'de' | 'en', pageCode?: string) {
	const cert = check.certificate;
	const record =
		check.signature === 'fail'
			? ''
			: check.record === 'pass'
				? m.cert_check_record_pass()
				: cert
					? m.cert_check_record_fail({
							fields: check.mismatches.map((f) => fieldNames[f]()).join(', ')
						})
					: m.cert_check_record_unknown();
	const items = [
		{
			label: m.cert_check_signature(),
			state: check.signature,
			text:
				check.signature === 'pass'
					? m.cert_check_signature_pass()
					: // Said once, here; the checks below show "–" (V21).
						`${m.cert_check_signature_fail()} ${m.cert_check_not_checked()}`
		},
		{
			label: m.cert_check_issuer(),
			state: check.issuer,
			text:
				check.issuer === 'pass'
					? m.cert_check_issuer_pass({ issuer: issuerId(origin) })
					: check.issuer === 'skip'
						? ''
						: m.cert_check_issuer_fail({ issuer: issuerId(origin) })
		},
		{ label: m.cert_check_record(), state: check.record, text: record },
		{ label: m.cert_check_status(), state: check.status, text: statusText(check, locale) }
	];
	const trusted = cert && check.signature === 'pass';
	return {
		valid: check.valid,
		items,
		certificate: trusted
			? {
					code: cert.code,
					name: cert.name,
					course: getCourse().title[locale],
					issued: formatIssueDate(cert.issuedAt, locale),
					other: pageCode !== undefined && pageCode !== cert.code
				}
			: null
	};
}

async function credentialText(data: FormData) {
	const pasted = textField(data, 'credential').trim();
	if (pasted) return pasted;
	const file = data.get('file');
	if (!(file instanceof File) || file.size === 0) return '';
	if (file.size > MAX_BYTES) return undefined;
	return (await file.text()).trim();
}

/** The `verify` action of the certificate page and of /certificates/verify (no account needed). */
export async function verifyAction(event: RequestEvent, pageCode?: string) {
	const throttled = await throttleLookup(event);
	if (throttled) return fail(429, { verify: { message: throttled, credential: '' } });
	let data: FormData;
	try {
		data = await event.request.formData();
	} catch {
		return fail(400, { verify: { message: m.cert_verify_empty(), credential: '' } });
	}
	const text = await credentialText(data);
	const echo = textField(data, 'credential').slice(0, MAX_BYTES);
	if (text === undefined || text.length > MAX_BYTES)
		return fail(413, { verify: { message: m.cert_verify_too_large(), credential: '' } });
	if (!text) return fail(400, { verify: { message: m.cert_verify_empty(), credential: echo } });
	const jwt = extractJwt(text);
	const check = jwt && (await verifyCredential(db(), jwt, event.url.origin));
	if (!check || !check.readable)
		return fail(400, { verify: { message: m.cert_verify_unreadable(), credential: echo } });
	return {
		verify: {
			result: present(check, event.url.origin, event.locals.locale, pageCode),
			credential: echo
		}
	};
}
