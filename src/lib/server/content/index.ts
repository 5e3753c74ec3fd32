import { buildCourse, type ContentFiles, type Course } from './load';

// Bundled into the server build: the app never reads content/ from disk at run time.
const raw = import.meta.glob(
	['/content/course.yaml', '/content/glossary.yaml', '/content/lessons/*/*.{md,yaml}', '/content/figures/*.svg'],
	{ query: '?raw', import: 'default', eager: true }
) as Record<string, string>;

export const contentFiles: ContentFiles = Object.fromEntries(
	Object.entries(raw).map(([path, text]) => [path.slice(1), text])
);

let course: Course | undefined;

/** Parsed and validated once; a broken file stops the app at start-up with the file and field named. */
export function getCourse(): Course {
	course ??= buildCourse(contentFiles);
	return course;
}
