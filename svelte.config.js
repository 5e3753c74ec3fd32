import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';
import { headingIds, lessonFigures } from './src/lib/mdsvex/plugins.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.md'],
	preprocess: [
		vitePreprocess(),
		mdsvex({ extensions: ['.md'], remarkPlugins: [headingIds, lessonFigures] })
	],
	vitePlugin: {
		// mdsvex emits legacy syntax (`<script context="module">`), so only .svelte files are forced into runes mode.
		dynamicCompileOptions: ({ filename }) =>
			filename.endsWith('.md') ? undefined : { runes: true }
	},
	onwarn: (warning, handler) => {
		// Lesson Markdown: mdsvex emits `<script context="module">`, and the wide tables sit in scroll
		// regions that are focusable on purpose (keyboard scrolling, axe "scrollable-region-focusable").
		const mdOnly = ['script_context_deprecated', 'a11y_no_noninteractive_tabindex'];
		if (warning.filename?.endsWith('.md') && mdOnly.includes(warning.code)) return;
		handler(warning);
	},
	kit: {
		adapter: adapter(),
		// The server finds the route of a client-side navigation (on link hover, as pages preload), so
		// no page ships the table of every route and its matchers (issue #11: lesson page ≤ 50 KB JS).
		router: { resolution: 'server' },
		// An LMS posts LTI launches from its own origin: src/hooks/lti.ts does Kit's origin check
		// itself, for every path but those LTI endpoints.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'base-uri': ['self'],
				'object-src': ['none'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
