import type { Component } from 'svelte';

// Lazy: each lesson's text is its own chunk, loaded when the lesson is opened.
const modules = import.meta.glob<{ default: Component }>('/content/lessons/*/*.md');

/** Lesson slugs in folder order (`NN-slug` → `slug`); client-safe, holds no quiz data. */
export const lessonSlugs = [
	...new Set(Object.keys(modules).map((p) => /\/lessons\/\d{2}-([a-z0-9-]+)\//.exec(p)![1]))
];

export async function loadLessonComponent(folder: string, locale: string): Promise<Component> {
	const load = modules[`/content/lessons/${folder}/${locale}.md`];
	if (!load) throw new Error(`No lesson text ${folder}/${locale}.md`);
	return (await load()).default;
}
