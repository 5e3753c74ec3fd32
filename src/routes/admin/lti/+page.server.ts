import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { textField } from '$lib/server/forms';
import { rotateToolKey } from '$lib/server/lti/keys';
import { forgetFrameAncestors } from '$lib/server/lti/frames';
import {
	addPlatformDeployments,
	deletePlatform,
	listPlatforms,
	platformById,
	platformFor,
	registerPlatform
} from '$lib/server/lti/registrations';
import { platformUrl, toolUrls } from '$lib/server/lti/tool-urls';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const actorOf = (event: RequestEvent) => {
	const admin = requireUser(event, 'admin');
	return { id: admin.id, name: admin.name };
};

export const load = (async (event) => {
	requireUser(event, 'admin');
	const platforms = await listPlatforms(db());
	return {
		urls: toolUrls(event.url.origin),
		platforms: platforms.map((p) => ({
			id: p.id,
			name: p.name,
			issuer: p.issuer,
			clientId: p.clientId,
			deploymentIds: p.deploymentIds,
			createdAt: p.createdAt.toISOString()
		}))
	};
}) satisfies PageServerLoad;

const FIELDS = [
	'name',
	'issuer',
	'clientId',
	'authUrl',
	'tokenUrl',
	'jwksUrl',
	'deploymentIds'
] as const;

export const actions = {
	register: async (event) => {
		const actor = actorOf(event);
		const data = await event.request.formData();
		const values = Object.fromEntries(FIELDS.map((f) => [f, textField(data, f).trim()])) as Record<
			(typeof FIELDS)[number],
			string
		>;
		const errors: Partial<Record<(typeof FIELDS)[number], string>> = {};
		if (!values.name || values.name.length > 100) errors.name = m.error_required();
		if (!values.clientId || values.clientId.length > 255) errors.clientId = m.error_required();
		const urls = {
			issuer: platformUrl(values.issuer),
			authUrl: platformUrl(values.authUrl),
			tokenUrl: platformUrl(values.tokenUrl),
			jwksUrl: platformUrl(values.jwksUrl)
		};
		for (const [k, v] of Object.entries(urls))
			if (!v) errors[k as keyof typeof urls] = m.lti_admin_url_invalid();
		const deploymentIds = values.deploymentIds.split(/[\s,]+/).filter(Boolean);
		if (deploymentIds.length === 0 || deploymentIds.some((d) => d.length > 255))
			errors.deploymentIds = m.error_required();
		if (Object.keys(errors).length) return fail(400, { values, errors });
		const issuer = values.issuer;
		if (await platformFor(issuer, values.clientId, db()))
			return fail(400, { values, errors: { clientId: m.lti_admin_duplicate() } });
		await registerPlatform(db(), actor, {
			name: values.name,
			issuer,
			clientId: values.clientId,
			authUrl: urls.authUrl!,
			tokenUrl: urls.tokenUrl!,
			jwksUrl: urls.jwksUrl!,
			deploymentIds
		});
		forgetFrameAncestors();
		return { notice: m.lti_admin_registered() };
	},
	/** A deployment the LMS made later (Canvas after Dynamic Registration, a second Moodle tool). */
	deployments: async (event) => {
		const actor = actorOf(event);
		const data = await event.request.formData();
		const platform = await platformById(textField(data, 'id'), db());
		if (!platform) return fail(404, { problem: m.error_not_found() });
		const ids = textField(data, 'deploymentIds')
			.split(/[\s,]+/)
			.filter(Boolean);
		if (ids.length === 0 || ids.some((d) => d.length > 255))
			return fail(400, { problem: m.lti_admin_deployments_hint() });
		await addPlatformDeployments(db(), actor, platform, ids);
		return { notice: m.lti_admin_deployments_added() };
	},
	delete: async (event) => {
		const actor = actorOf(event);
		const id = textField(await event.request.formData(), 'id');
		await deletePlatform(db(), actor, id);
		forgetFrameAncestors();
		return { notice: m.lti_admin_deleted() };
	},
	rotate: async (event) => {
		const actor = actorOf(event);
		await rotateToolKey(db(), actor);
		return { notice: m.lti_admin_rotated() };
	}
} satisfies Actions;
