import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deepLinkingResponse, deepLinkRequest } from '$lib/server/lti/deep-linking';
import * as m from '$lib/paraglide/messages';
import { PICKER_TOKEN, pickables } from '../picker.server';
import { autoPostPage } from './auto-post';
import type { RequestHandler } from './$types';

/**
 * The teacher's pick → the signed LtiDeepLinkingResponse, form-posted by the browser to the
 * platform's `deep_link_return_url` (Deep Linking 2.0 §4.5). A page of its own, not a Svelte page:
 * its CSP must allow a form post to the LMS's origin, which every other page forbids.
 */
export const POST: RequestHandler = async ({ params, request, url, locals }) => {
	if (!PICKER_TOKEN.test(params.token)) error(410, m.lti_dl_expired());
	const form = await request.formData().catch(() => new FormData());
	const byTarget = new Map(pickables(locals.locale).map((p) => [p.target, p]));
	const chosen = [...new Set(form.getAll('target').map(String))]
		.map((target) => byTarget.get(target))
		.filter((p) => p !== undefined);
	if (chosen.length === 0) {
		if (!(await deepLinkRequest(db(), params.token))) error(410, m.lti_dl_expired());
		redirect(303, `/lti/deep-link/${params.token}?missing`);
	}
	const reply = await deepLinkingResponse(db(), params.token, chosen, url.origin);
	if (!reply) error(410, m.lti_dl_expired());
	return autoPostPage(reply.returnUrl, { JWT: reply.jwt }, locals.locale);
};
