import type { ParamMatcher } from '@sveltejs/kit';
import { isCertificateCode } from '$lib/certificates/code';

/** A malformed code is a 404 before any load runs (and before it counts against the lookup limit). */
export const match = ((param: string) => isCertificateCode(param)) satisfies ParamMatcher;
