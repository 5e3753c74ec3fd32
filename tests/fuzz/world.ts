import { mkdirSync, appendFileSync } from 'node:fs';
import { request, type APIRequestContext } from '@playwright/test';
import { E2E_ADMIN } from '../e2e/e2e-admin';
import { formHeaders, freshIp, goodPassword, uniqueEmail } from '../e2e/fixtures';

/** How many inputs per action: a bounded run in `npm test`, ≥ 1,000 in `npm run fuzz`. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

export type Who = 'anyone' | 'learner' | 'admin';

/** A client of its own (cookies and address), signed in as `who`. */
export async function client(baseURL: string, who: Who): Promise<APIRequestContext> {
	const ip = freshIp();
	const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': ip } });
	const headers = formHeaders(baseURL);
	if (who === 'admin') {
		const r = await ctx.post('/login', { headers, form: E2E_ADMIN, maxRedirects: 0 });
		if (r.status() !== 303) throw new Error(`admin sign-in: ${r.status()}`);
	} else if (who === 'learner') {
		const form = { name: 'Fuzz Learner', email: uniqueEmail('fuzz'), password: goodPassword };
		const r = await ctx.post('/register', { headers, form, maxRedirects: 0 });
		if (r.status() !== 303) throw new Error(`learner sign-up: ${r.status()}`);
	}
	return ctx;
}

/** Attribute values of `attr` on elements matching a crude pattern, from server-rendered HTML. */
export function attributes(html: string, attr: string, where: RegExp = /.*/): string[] {
	const found = new Set<string>();
	for (const tag of html.match(/<(input|select|textarea|a)\b[^>]*>/g) ?? []) {
		if (!where.test(tag)) continue;
		const value = new RegExp(`\\b${attr}="([^"]*)"`).exec(tag)?.[1];
		if (value !== undefined) found.add(value.replace(/&amp;/g, '&'));
	}
	return [...found];
}

/** What the fuzzer sent that got a server error: kept under test-results/fuzz/ for the record. */
export function record(target: string, entry: Record<string, unknown>) {
	mkdirSync('test-results/fuzz', { recursive: true });
	appendFileSync(
		`test-results/fuzz/${target.replace(/\W+/g, '_')}.jsonl`,
		JSON.stringify(entry) + '\n'
	);
}
