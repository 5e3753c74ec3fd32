import type { ParamMatcher } from '@sveltejs/kit';

export const match = ((param: string) =>
	/^[a-z0-9-]+\.(de|en)\.svg$/.test(param)) satisfies ParamMatcher;
