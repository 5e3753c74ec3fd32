import { error, type Handle } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';

// Our action names: plain identifiers. Anything else cannot name one of them.
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The action a POST names the way SvelteKit reads it: the first query key starting with `/`. */
export function actionNameOf(url: URL): string | undefined {
	for (const [key] of url.searchParams) if (key.startsWith('/')) return key.slice(1);
	return undefined;
}

/** True for a name SvelteKit's dispatcher must never see: it would answer 500, not 404 (M1). */
export function isBadActionName(name: string): boolean {
	// `?/default` makes Kit throw a plain Error; `actions[name]` finds Object.prototype members
	// (`__proto__`, `hasOwnProperty`, `constructor`, …) and calls them.
	return name === 'default' || name in Object.prototype || !ACTION_NAME.test(name);
}

/**
 * Refuses a POST whose `?/name` cannot be an action (M1) with a 404 and a message, before Kit's
 * dispatcher looks the name up. Unknown plain names still reach Kit, which answers them 404 itself.
 */
export const handleActionName: Handle = ({ event, resolve }) => {
	if (event.request.method === 'POST') {
		const name = actionNameOf(event.url);
		if (name !== undefined && isBadActionName(name)) error(404, m.error_action_unknown());
	}
	return resolve(event);
};
