import type { Component } from 'svelte';

// Lazy: each lesson's text is its own chunk, loaded when the client navigates to the lesson.
const modules = import.meta.glob<{ default: Component }>('/content/lessons/*/*.md');

/** Lesson slugs in folder order (`NN-slug` → `slug`); client-safe, holds no quiz data. */
export const lessonSlugs = [
	...new Set(Object.keys(modules).map((p) => /\/lessons\/\d{2}-([a-z0-9-]+)\//.exec(p)![1]))
];

async function loadLessonComponent(folder: string, locale: string): Promise<Component> {
	const load = modules[`/content/lessons/${folder}/${locale}.md`];
	if (!load) throw new Error(`No lesson text ${folder}/${locale}.md`);
	return (await load()).default;
}

/**
 * A lesson's text on its page: HTML from the server, which the client adopts as it stands instead
 * of fetching the same text again as JavaScript (issue #11); the component only for a lesson the
 * client navigates to. `id` marks the adopted HTML in the page (`data-lesson-text`).
 */
export type LessonText =
	| { id: string; html: string; Component?: undefined }
	| { id: string; Component: Component; html?: undefined };

/** Server only: each lesson text's HTML by `id` (lessons × languages, a few hundred KB at most). */
const rendered = new Map<string, string>();

/** `{@html}` in the browser: hydrating, Svelte keeps the server's nodes for any value but ''. */
const ADOPTED = 'adopted';

export async function lessonText(folder: string, locale: string): Promise<LessonText> {
	const id = `${folder}/${locale}`;
	// Not `browser`: with it, the client build still bundled svelte/server (3 KB more in the shell).
	if (import.meta.env.SSR) {
		// The text is the same for every reader of a language: rendered once per process.
		let html = rendered.get(id);
		if (html === undefined) {
			const { render } = await import('svelte/server');
			// Without Svelte's markers: an empty comment inside would end the adopted HTML early.
			html = render(await loadLessonComponent(folder, locale)).body.replace(/<!--[^]*?-->/g, '');
			// In development an edited lesson shows on reload.
			if (import.meta.env.PROD) rendered.set(id, html);
		}
		return { id, html };
	}
	// Hydration, or this lesson's data again (a form's result): the HTML on screen stays.
	if (document.querySelector(`[data-lesson-text="${CSS.escape(id)}"]`))
		return { id, html: ADOPTED };
	return { id, Component: await loadLessonComponent(folder, locale) };
}
