import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './scripts/paraglide-options.js';

export default defineConfig({
	plugins: [
		sveltekit(),
		paraglideVitePlugin(paraglideOptions)
	],
	test: {
		include: ['src/**/*.spec.ts', 'tests/db/**/*.spec.ts', 'tests/content/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		expect: { requireAssertions: true }
	}
});
