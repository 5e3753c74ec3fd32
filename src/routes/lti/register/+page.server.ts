import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { signInWithPassword } from '$lib/server/auth/password-sign-in';
import {
	configurationUrl,
	fetchConfiguration,
	registerDynamically,
	RegistrationError
} from '$lib/server/lti/dynamic-registration';
import { forgetFrameAncestors } from '$lib/server/lti/frames';
import { problemMessage } from './problems';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The platform's link: its configuration URL (checked) and the optional registration token. */
function link(event: RequestEvent) {
	const q = event.url.searchParams;
	const configUrl = configurationUrl(q.get('openid_configuration'), event.url.origin);
	if (!configUrl) error(400, m.lti_register_bad_link());
	return { configUrl, token: q.get('registration_token') || undefined };
}

const failWith = (e: unknown): never => {
	if (e instanceof RegistrationError) error(e.status, problemMessage(e));
	throw e;
};

export const load = (async (event) => {
	const { configUrl, token } = link(event);
	// Nothing is fetched for a visitor who is not signed in: the link is public, and fetching it
	// would let anyone make Lernpfad's server call any address.
	if (!event.locals.user) {
		// Inside another site's iframe the session cookie (SameSite=Lax) is neither sent nor set.
		return {
			step: 'sign-in' as const,
			framed: event.request.headers.get('sec-fetch-dest') === 'iframe'
		};
	}
	if (event.locals.user.role !== 'admin') error(403, m.lti_register_not_admin());
	// Rendering the result of "confirm" (without JavaScript): the token is used up, and the page
	// shows the action's result, not the platform again.
	if (event.request.method === 'POST') return { step: 'done' as const };
	const config = await fetchConfiguration(configUrl, token).catch(failWith);
	return {
		step: 'confirm' as const,
		platform: {
			issuer: config.issuer,
			product: [config.productFamilyCode, config.version].filter(Boolean).join(' ')
		}
	};
}) satisfies PageServerLoad;

/** Back to the same link after an action, without the action's `?/name`. */
function sameLink(url: URL) {
	const q = new URLSearchParams([...url.searchParams].filter(([k]) => !k.startsWith('/')));
	return `${url.pathname}?${q}`;
}

export const actions = {
	signin: async (event) => {
		link(event);
		const { failure } = await signInWithPassword(event, await event.request.formData());
		if (failure) return failure;
		redirect(303, sameLink(event.url));
	},
	confirm: async (event) => {
		const { configUrl, token } = link(event);
		const admin = requireUser(event, 'admin');
		const { platform, deploymentId } = await registerDynamically(
			db(),
			{ id: admin.id, name: admin.name },
			{
				configUrl,
				token,
				origin: event.url.origin,
				names: { en: m.app_name({}, { locale: 'en' }), de: m.app_name({}, { locale: 'de' }) }
			}
		).catch(failWith);
		forgetFrameAncestors();
		return {
			done: { name: platform.name, clientId: platform.clientId, deployment: !!deploymentId }
		};
	}
} satisfies Actions;
