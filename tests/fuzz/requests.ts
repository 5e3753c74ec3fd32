import fc from 'fast-check';
import { urlPiece } from './bodies';

/**
 * Names an action URL can carry that are not one of ours: Kit's reserved `default`, every member of
 * Object.prototype (Kit looks actions up with `actions[name]`), odd and random ones (M1).
 */
const strangeActionName = fc.oneof(
	fc.constantFrom(
		'default',
		'',
		...Object.getOwnPropertyNames(Object.prototype),
		'prototype',
		'then',
		'toJSON',
		'a/b',
		'%00',
		'%2F',
		'..',
		'Default',
		'x'.repeat(200)
	),
	fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
	urlPiece
);

/** The same form target as a browser would send it, or with its action name, path or query changed. */
export function requestTarget(path: string): fc.Arbitrary<{ kind: string; url: string }> {
	const [pathname, query = ''] = path.split('?');
	const same = { kind: 'as-is', url: path };
	return fc.oneof(
		{ weight: 6, arbitrary: fc.constant(same) },
		{
			weight: 3,
			arbitrary: strangeActionName.map((name) => ({
				kind: `action ${name.slice(0, 30)}`,
				url: `${pathname}?/${name}`
			}))
		},
		{
			weight: 1,
			arbitrary: fc.tuple(strangeActionName, urlPiece).map(([name, extra]) => ({
				kind: 'action after another parameter, or twice',
				url: `${pathname}?${extra}=1&/${name}${query ? `&${query}` : ''}`
			}))
		},
		{
			weight: 2,
			arbitrary: fc
				.constantFrom(
					'/',
					'//',
					'/__data.json',
					'.json',
					'%2F',
					'/..',
					'/%2e%2e',
					';x',
					'/x',
					'%00',
					'?',
					'#frag'
				)
				.map((suffix) => ({
					kind: `path ${suffix}`,
					url: `${pathname}${suffix}${query ? `${suffix.includes('?') ? '&' : '?'}${query}` : ''}`
				}))
		}
	);
}

/** Mostly POST (forms), and every other method a client may send to a form's URL. */
export const method = fc.oneof(
	{ weight: 8, arbitrary: fc.constant('POST') },
	{
		weight: 2,
		arbitrary: fc.constantFrom('GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'post', 'FOO')
	}
);

/** Headers a SvelteKit client, or something pretending to be one, may add. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
	{
		'x-sveltekit-action': fc.constantFrom('true', 'false', ''),
		'x-sveltekit-invalidated': fc.constantFrom('1', '01', '__proto__', ''),
		'accept-language': fc.constantFrom('de', 'en', '*', 'xx-YY', '', ';q=0'),
		cookie: fc.constantFrom('lernpfad_locale=xx', 'lernpfad_session=', 'a=b; a=c')
	},
	{ requiredKeys: [] }
);
