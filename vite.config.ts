import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './scripts/paraglide-options.js';
import { paraglideIntlCache } from './scripts/paraglide-intl-cache.js';

export default defineConfig({
	plugins: [
		sveltekit(),
		// Under vitest the messages are compiled once beforehand (`test:unit`); the plugin's watcher
		// would keep the test process alive.
		!process.env.VITEST && paraglideVitePlugin(paraglideOptions),
		paraglideIntlCache()
	],
	test: {
		include: ['src/**/*.spec.ts', 'tests/db/**/*.spec.ts', 'tests/content/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		expect: { requireAssertions: true }
	}
});
