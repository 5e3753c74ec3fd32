import { fileURLToPath } from 'node:url';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin, Rolldown } from 'vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './scripts/paraglide-options.js';
import { paraglideIntlCache } from './scripts/paraglide-intl-cache.js';

/**
 * Kit loads the root layout and error page on every page; the framework, Paraglide and message code
 * they use goes into one chunk ('shell') instead of a dozen small ones (one per message that other
 * pages share), which gzip 1.7 KB larger in all (issue #11). Components stay in their pages'
 * chunks, with their CSS. The client build only: server chunks are not downloaded.
 */
function shellChunk(): Plugin {
	const roots = ['src/routes/+layout.svelte', 'src/routes/+error.svelte'].map((file) =>
		fileURLToPath(new URL(file, import.meta.url))
	);
	let shell: Set<string> | undefined;

	function collect(context: Rolldown.ChunkingContext) {
		const modules = new Set<string>();
		const messages = new Set<string>();
		const queue = [...roots];
		for (const id of queue) {
			if (modules.has(id)) continue;
			modules.add(id);
			const info = context.getModuleInfo(id);
			queue.push(...(info?.importedIds ?? []));
			// The messages barrel links every message; take those the shell's own code calls (`m.key`).
			if (id.includes('/src/') && !id.includes('/node_modules/'))
				for (const [, key] of info?.code?.matchAll(/\bm\.(\w+)/g) ?? []) messages.add(key);
		}
		return new Set(
			[...modules].filter((id) => {
				const message = /\/src\/lib\/paraglide\/messages\/(\w+)\.js$/.exec(id);
				if (message) return messages.has(message[1]);
				return /\/node_modules\/|\/src\/lib\/paraglide\/(runtime|registry)\.js$/.test(id);
			})
		);
	}

	return {
		name: 'lernpfad:shell-chunk',
		configEnvironment: (name) =>
			name !== 'client'
				? undefined
				: {
						build: {
							rolldownOptions: {
								output: {
									codeSplitting: {
										groups: [
											{
												name: (id, context) => {
													shell ??= collect(context);
													return shell.has(id) ? 'shell' : null;
												}
											}
										]
									}
								}
							}
						}
					}
	};
}

export default defineConfig({
	plugins: [
		sveltekit(),
		// Under vitest the messages are compiled once beforehand (`test:unit`); the plugin's watcher
		// would keep the test process alive.
		!process.env.VITEST && paraglideVitePlugin(paraglideOptions),
		paraglideIntlCache(),
		shellChunk()
	],
	test: {
		include: ['src/**/*.spec.ts', 'tests/db/**/*.spec.ts', 'tests/content/**/*.spec.ts'],
		environment: 'node',
		// Migrates once per run; test databases are copies (tests/db/global-setup.ts).
		globalSetup: ['tests/db/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		expect: { requireAssertions: true }
	}
});
