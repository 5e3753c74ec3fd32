/**
 * Paraglide's generated `registry.js` builds a new `Intl.PluralRules` (or NumberFormat, …) on every
 * call of a message with a plural. Building one costs tens of microseconds; the class page calls a
 * plural message per matrix cell (450 for 50 learners × 9 lessons), which was a tenth of its server
 * time. This Vite plugin rewrites the module as it is bundled so each formatter is built once per
 * locale and options. The generated file itself stays untouched (it is rewritten on every compile).
 */
const REGISTRY = /[\\/]paraglide[\\/]registry\.js$/;
const CONSTRUCTION = /new Intl\.(PluralRules|NumberFormat|DateTimeFormat|RelativeTimeFormat)\(/g;

const helper = `
const __intlCache = new Map();
function __intl(Format, locale, options) {
	const key = Format.name + '|' + locale + '|' + JSON.stringify(options ?? {});
	let formatter = __intlCache.get(key);
	if (!formatter) __intlCache.set(key, (formatter = new Format(locale, options)));
	return formatter;
}
`;

/** @returns {import('vite').Plugin} */
export function paraglideIntlCache() {
	return {
		name: 'lernpfad:paraglide-intl-cache',
		enforce: 'pre',
		transform(code, id) {
			if (!REGISTRY.test(id)) return null;
			let found = 0;
			const rewritten = code.replace(CONSTRUCTION, (_, format) => {
				found++;
				return `__intl(Intl.${format}, `;
			});
			// Loud rather than silently slow: a Paraglide upgrade that changed the file needs a look.
			if (found === 0) {
				this.error(
					'paraglide registry.js builds no Intl formatter any more: check and remove this plugin'
				);
			}
			return { code: helper + rewritten, map: null };
		}
	};
}
