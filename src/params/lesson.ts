import type { ParamMatcher } from '@sveltejs/kit';
import { lessonSlugs } from '$lib/course/lessons';

export const match = ((param: string): param is string =>
	lessonSlugs.includes(param)) satisfies ParamMatcher;
