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
		if (warning.code === 'script_context_deprecated' && warning.filename?.endsWith('.md')) return;
		handler(warning);
	},
	kit: {
		adapter: adapter(),
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
