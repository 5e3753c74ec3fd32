import { redirect } from '@sveltejs/kit';
import { isCertificateCode } from '$lib/certificates/code';
import { invalid, textField } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { findCertificate } from '$lib/server/certificates/issue';
import { throttleLookup } from '../lookup.server';
import { verifyAction } from '../verify.server';
import type { Actions, PageServerLoad } from './$types';

/** Public: look a certificate up by its code, or check a credential file. */
export const load = (() => ({})) satisfies PageServerLoad;

export const actions = {
	find: async (event) => {
		const raw = textField(await event.request.formData(), 'code');
		// Forgiving about how a printed code was typed: spaces, dashes, capitals.
		const code = raw.replace(/[\s-]/g, '').toLowerCase();
		if (!isCertificateCode(code)) {
			return invalid(400, {
				action: 'find',
				values: { code: raw.slice(0, 100) },
				errors: { code: raw.trim() ? m.cert_find_invalid() : m.error_required() }
			});
		}
		// A code with a typo stays in the field with advice, not on a bare 404 page (V13); looking up
		// counts against the same limit as opening a certificate page.
		const throttled = await throttleLookup(event);
		if (throttled)
			return invalid(429, { action: 'find', values: { code: raw }, errors: { code: throttled } });
		if (!(await findCertificate(db(), code))) {
			return invalid(404, {
				action: 'find',
				values: { code: raw.slice(0, 100) },
				errors: { code: m.cert_find_unknown() }
			});
		}
		redirect(303, `/certificates/${code}`);
	},
	verify: (event) => verifyAction(event)
} satisfies Actions;
