import type { RegistrationError } from '$lib/server/lti/dynamic-registration';
import * as m from '$lib/paraglide/messages';

/** What the admin reads for each problem, in their language; the detail names the field. */
export function problemMessage(e: RegistrationError): string {
	const { detail } = e;
	switch (e.problem) {
		case 'config_url':
			return m.lti_register_bad_link();
		case 'config_unreachable':
			return m.lti_register_error_config_unreachable();
		case 'config_invalid':
			return m.lti_register_error_config_invalid({ detail });
		case 'issuer_origin':
			return m.lti_register_error_issuer_origin({ detail });
		case 'unsupported':
			return m.lti_register_error_unsupported({ detail });
		case 'refused':
			return m.lti_register_error_refused({ detail });
		case 'answer_invalid':
			return m.lti_register_error_answer_invalid();
		case 'duplicate':
			return m.lti_register_error_duplicate();
	}
}
