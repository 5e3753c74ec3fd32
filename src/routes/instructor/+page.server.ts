import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { createClass, listClasses } from '$lib/server/classes';
import { invalid, nameError, textField } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUser(event, 'instructor', 'admin');
	const classes = await listClasses(db(), user);
	return {
		isAdmin: user.role === 'admin',
		classes: classes.map((c) => ({
			...c,
			createdAt: c.createdAt.toISOString(),
			archived: c.archivedAt !== null
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const user = requireUser(event, 'instructor', 'admin');
		const name = textField(await event.request.formData(), 'name');
		const error = nameError(name);
		if (error) return invalid(400, { values: { name }, errors: { name: error } });
		const klass = await createClass(db(), user.id, name);
		return { created: { id: klass.id, message: m.class_created({ name: klass.name }) } };
	}
} satisfies Actions;
