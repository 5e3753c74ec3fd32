/** Shared by vite.config.ts and scripts/paraglide-compile.js (used before `svelte-check`). */
/** @type {import("@inlang/paraglide-js").CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	// The signed-in user's setting (server), then the page's lang (client), cookie, Accept-Language.
	strategy: ['custom-user', 'custom-document', 'cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'lernpfad_locale'
};
