import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deepLinkingResponse, deepLinkRequest } from '$lib/server/lti/deep-linking';
import { autoPostPage, expiredPage, pickerPage } from './html';
import { PICKER_TOKEN, pickables } from './picker.server';
import { toLocale, type Locale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

// The token in the path is the authority (issued to a verified LtiDeepLinkingRequest): inside the
// LMS's iframe there is no session cookie to rely on.
const pending = (token: string) =>
	PICKER_TOKEN.test(token) ? deepLinkRequest(db(), token) : Promise.resolve(undefined);
// The launch's language (`launch_presentation.locale`) rides along in the picker's URL: no cookie
// or account tells it inside the LMS's iframe.
const langOf = (url: URL, fallback: Locale) =>
	toLocale(url.searchParams.get('lang') ?? '') ?? fallback;

export const GET: RequestHandler = async ({ params, url, locals }) => {
	const lang = langOf(url, locals.locale);
	const request = await pending(params.token);
	if (!request) return expiredPage(lang);
	return pickerPage(
		{
			items: pickables(lang),
			multiple: request.acceptMultiple,
			missing: url.searchParams.has('missing'),
			action: `${url.pathname}?lang=${lang}`
		},
		lang,
		new URL(request.returnUrl).origin
	);
};

/** The teacher's pick → the signed LtiDeepLinkingResponse, posted on to `deep_link_return_url`. */
export const POST: RequestHandler = async ({ params, request, url, locals }) => {
	const lang = langOf(url, locals.locale);
	if (!(await pending(params.token))) return expiredPage(lang);
	const form = await request.formData().catch(() => new FormData());
	const byTarget = new Map(pickables(lang).map((p) => [p.target, p]));
	const chosen = [...new Set(form.getAll('target').map(String))]
		.map((target) => byTarget.get(target))
		.filter((p) => p !== undefined);
	if (chosen.length === 0) redirect(303, `${url.pathname}?lang=${lang}&missing`);
	const reply = await deepLinkingResponse(db(), params.token, chosen, url.origin);
	if (!reply) return expiredPage(lang);
	return autoPostPage(reply.returnUrl, reply.jwt, lang);
};
