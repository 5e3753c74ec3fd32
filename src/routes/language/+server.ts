import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { setLocaleCookie } from '$lib/server/locale-cookie';
import { safeRedirect, textField } from '$lib/server/forms';
import { updateProfile } from '$lib/server/users';
import { isLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** The language switcher posts here: works without JavaScript, keeps the URL the same. */
export const POST: RequestHandler = async ({ request, locals, cookies }) => {
	const data = await request.formData().catch(() => new FormData());
	const locale = textField(data, 'locale');
	if (!isLocale(locale)) error(400, m.error_locale_invalid());
	setLocaleCookie(cookies, locale);
	if (locals.user) await updateProfile(db(), locals.user.id, { locale });
	redirect(303, safeRedirect(textField(data, 'redirectTo')));
};
