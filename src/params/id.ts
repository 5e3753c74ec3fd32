import type { ParamMatcher } from '@sveltejs/kit';

/** Ids made by `newId()`: 24 lower-case base32 characters. Anything else is a 404 before any load. */
export const match = ((param: string) => /^[a-z2-7]{24}$/.test(param)) satisfies ParamMatcher;
