import { match as isId } from '../../params/id';
import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { searchCertificates } from '$lib/server/certificates/issue';
import { revokeAction } from '$lib/server/certificates/revoke-action';
import { roles, type Role } from '$lib/server/db/schema';
import { textField } from '$lib/server/forms';
import { findUserById, searchUsers, setDisabled, setRole } from '$lib/server/users';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const LIMIT = 50;

/** The signed-in admin, as the audit trail names them. */
const actorOf = (event: RequestEvent) => {
	const admin = requireUser(event, 'admin');
	return { id: admin.id, name: admin.name };
};

export const load = (async (event) => {
	const admin = requireUser(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const cq = (event.url.searchParams.get('cq') ?? '').trim().slice(0, 100);
	const [users, certificates] = await Promise.all([
		searchUsers(db(), q, LIMIT + 1),
		searchCertificates(db(), cq, 20)
	]);
	return {
		q,
		cq,
		certificates: certificates.map((c) => ({
			...c,
			issuedAt: c.issuedAt.toISOString(),
			revokedAt: c.revokedAt?.toISOString() ?? null
		})),
		selfId: admin.id,
		more: users.length > LIMIT,
		users: users.slice(0, LIMIT).map((u) => ({
			...u,
			disabled: u.disabledAt !== null,
			disabledAt: undefined,
			createdAt: u.createdAt.toISOString()
		}))
	};
}) satisfies PageServerLoad;

/** The target user of an admin action; never the admin themself (no locking yourself out). */
async function target(event: RequestEvent, data: FormData) {
	const admin = requireUser(event, 'admin');
	const id = textField(data, 'userId');
	const found = isId(id) ? await findUserById(db(), id) : undefined;
	if (!found) return { error: fail(400, { error: m.admin_user_unknown() }) };
	if (found.id === admin.id) return { error: fail(400, { error: m.admin_self() }) };
	return { user: found };
}

const roleNames: Record<Role, () => string> = {
	learner: m.admin_role_learner,
	instructor: m.admin_role_instructor,
	admin: m.admin_role_admin
};

export const actions = {
	revoke: revokeAction,
	role: async (event) => {
		const data = await event.request.formData();
		const { user, error } = await target(event, data);
		if (error) return error;
		const role = textField(data, 'role') as Role;
		if (!roles.includes(role)) return fail(400, { error: m.admin_role_invalid() });
		// Takes effect on the user's next request: roles are read with the session every time.
		await setRole(db(), user.id, role, actorOf(event));
		return { notice: m.admin_role_saved({ name: user.name, role: roleNames[role]() }) };
	},
	disable: async (event) => {
		const data = await event.request.formData();
		const { user, error } = await target(event, data);
		if (error) return error;
		await setDisabled(db(), user.id, true, actorOf(event));
		await invalidateUserSessions(db(), user.id);
		return { notice: m.admin_disabled_saved({ name: user.name }) };
	},
	enable: async (event) => {
		const data = await event.request.formData();
		const { user, error } = await target(event, data);
		if (error) return error;
		await setDisabled(db(), user.id, false, actorOf(event));
		return { notice: m.admin_enabled_saved({ name: user.name }) };
	}
} satisfies Actions;
