import { redirect } from '@sveltejs/kit';
import { isCertificateCode } from '$lib/certificates/code';
import { invalid, textField } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import { verifyAction } from '../verify.server';
import type { Actions, PageServerLoad } from './$types';

/** Public: look a certificate up by its code, or check a credential file. */
export const load = (() => ({})) satisfies PageServerLoad;

export const actions = {
	find: async ({ request }) => {
		const raw = textField(await request.formData(), 'code');
		// Forgiving about how a printed code was typed: spaces, dashes, capitals.
		const code = raw.replace(/[\s-]/g, '').toLowerCase();
		if (!isCertificateCode(code)) {
			return invalid(400, {
				action: 'find',
				values: { code: raw.slice(0, 100) },
				errors: { code: raw.trim() ? m.cert_find_invalid() : m.error_required() }
			});
		}
		redirect(303, `/certificates/${code}`);
	},
	verify: (event) => verifyAction(event)
} satisfies Actions;
