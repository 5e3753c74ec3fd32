import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle } from '@sveltejs/kit';
import {
	extractLocaleFromRequest,
	getServerAsyncLocalStorage,
	overwriteServerAsyncLocalStorage,
	toLocale
} from '$lib/paraglide/runtime';
import type { Locale } from '$lib/paraglide/runtime';

type Store = { locale?: Locale; origin?: string; messageCalls?: Set<string> };

// Paraglide's message functions read the request's locale from this store during rendering.
function store() {
	let als = getServerAsyncLocalStorage() as AsyncLocalStorage<Store> | undefined;
	if (!als) overwriteServerAsyncLocalStorage((als = new AsyncLocalStorage<Store>()));
	return als;
}

/**
 * The language of a request: the signed-in user's saved choice, then the language cookie, then
 * Accept-Language, then German (the order of `strategy` in scripts/paraglide-options.js). URLs stay
 * the same in every language.
 *
 * Paraglide's own `paraglideMiddleware` does the same but also clones every request (for its URL
 * strategy, which we don't use) and records each message call (for locale splitting, which we don't
 * use either): together ~5 % of a signed-in page's CPU in tests/bench/profile.ts.
 */
export const handleLocale: Handle = ({ event, resolve }) => {
	const locale = toLocale(event.locals.user?.locale) ?? extractLocaleFromRequest(event.request);
	event.locals.locale = locale;
	return store().run({ locale, origin: event.url.origin }, () =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) })
	);
};
