import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { defineCustomServerStrategy } from '$lib/paraglide/runtime';

const userLocale = new AsyncLocalStorage<string | null>();

// The signed-in user's saved language wins over the cookie and Accept-Language.
defineCustomServerStrategy('custom-user', { getLocale: () => userLocale.getStore() ?? undefined });

/** Runs after `auth`, so `locals.user` is known. URLs stay the same in every language. */
export const handleLocale: Handle = ({ event, resolve }) =>
	userLocale.run(event.locals.user?.locale ?? null, () =>
		paraglideMiddleware(event.request, ({ locale }) => {
			event.locals.locale = locale;
			return resolve(event, {
				transformPageChunk: ({ html }) => html.replace('%lang%', locale)
			});
		})
	);
