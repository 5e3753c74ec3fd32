import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deepLinkRequest } from '$lib/server/lti/deep-linking';
import * as m from '$lib/paraglide/messages';
import { PICKER_TOKEN, pickables } from './picker.server';
import type { PageServerLoad } from './$types';

// The token in the path is the authority (issued to a verified LtiDeepLinkingRequest): inside the
// LMS's iframe there is no session cookie to rely on.
export const load = (async ({ params, url, locals }) => {
	const request = PICKER_TOKEN.test(params.token)
		? await deepLinkRequest(db(), params.token)
		: undefined;
	if (!request) error(410, m.lti_dl_expired());
	return {
		multiple: request.acceptMultiple,
		items: pickables(locals.locale),
		missing: url.searchParams.has('missing')
	};
}) satisfies PageServerLoad;
