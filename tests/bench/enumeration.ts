/**
 * `npm run bench:enumeration`: does the time of an answer tell whether an address has an account
 * (review 2026-12-02, L2)? `node build` on a fresh PostgreSQL database; interleaved pairs of requests
 * that differ only in that, in random order within each pair:
 *   - `POST /forgot` for an address with an account and for one without;
 *   - `POST /settings?/email` (signed in, right password) to another account's address and to a free one.
 * Prints the medians and the Mann-Whitney z (|z| < 2: no difference at the usual 5 % level). Timings
 * are never pass/fail: this is a measurement, like `npm run bench`.
 *
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_PORT (4620),
 *   BENCH_PAIRS (200).
 */
import postgres from 'postgres';
import { hashPassword } from '../../src/lib/server/auth/password';
import { makeLearners } from './learners';
import { startApp } from './load';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 4620);
const ORIGIN = `http://localhost:${PORT}`;
const PAIRS = Number(process.env.BENCH_PAIRS ?? 200);
const PASSWORD = 'Enumeration-Bench-2026';

let address = 0;
/** A new client address per request, so the per-client limits measure nothing here. */
const nextIp = () => {
	address++;
	return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
};

async function timed(path: string, form: Record<string, string>, cookie?: string) {
	const started = performance.now();
	const response = await fetch(`${ORIGIN}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: ORIGIN,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'x-forwarded-for': nextIp(),
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(form)
	});
	const body = await response.text();
	const ms = performance.now() - started;
	// Both kinds must get the same status (200, the same message with the address filled in).
	if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
	return ms;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

/** Mann-Whitney U as a z-score (normal approximation, average ranks for ties). */
function mannWhitneyZ(a: number[], b: number[]) {
	const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort(
		(x, y) => x.v - y.v
	);
	const ranks = new Array<number>(all.length);
	for (let i = 0; i < all.length;) {
		let j = i;
		while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
		for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
		i = j + 1;
	}
	const rankSumA = all.reduce((sum, x, i) => (x.g === 0 ? sum + ranks[i] : sum), 0);
	const u = rankSumA - (a.length * (a.length + 1)) / 2;
	const mean = (a.length * b.length) / 2;
	const sd = Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12);
	return (u - mean) / sd;
}

async function pairs(
	label: string,
	known: (i: number) => Promise<number>,
	unknown: (i: number) => Promise<number>
) {
	const a: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < PAIRS; i++) {
		const first = Math.random() < 0.5;
		const x = first ? await known(i) : await unknown(i);
		const y = first ? await unknown(i) : await known(i);
		const [k, u] = first ? [x, y] : [y, x];
		a.push(k);
		b.push(u);
	}
	const z = mannWhitneyZ(a, b);
	return `| ${label} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${z.toFixed(2)} | ${Math.abs(z) < 2 ? 'no' : 'yes'} |`;
}

const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
const dbName = `lernpfad_enum_${Date.now().toString(36)}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(SERVER);
url.pathname = `/${dbName}`;
const app = await startApp(url.toString(), PORT);
const sql = postgres(url.toString(), { max: 4, onnotice: () => {} });
try {
	// One account per probe, so the per-address mail limit (3 an hour) never cuts the work short, and
	// one signed-in account per pair (5 e-mail changes an hour each).
	const accounts = await makeLearners(sql, 'known', 2 * PAIRS);
	const hash = await hashPassword(PASSWORD);
	await sql`update "user" set password_hash = ${hash}, email_verified_at = now()`;
	const emails = await sql<{ id: string; email: string }[]>`select id, email from "user"`;
	const emailOf = new Map(emails.map((r) => [r.id, r.email]));
	const signedIn = (i: number) => accounts[PAIRS + i].cookie;
	const free = (i: number) => `nobody-${i}-${Date.now().toString(36)}@bench.example`;

	// Warm-up: JIT, pools, the first argon2 hash.
	for (let i = 0; i < 20; i++) await timed('/forgot', { email: free(1000 + i) });

	const lines = [
		'| request | with an account, median ms | without, median ms | Mann-Whitney z | tells? |',
		'|---|---|---|---|---|',
		await pairs(
			'POST /forgot',
			(i) => timed('/forgot', { email: emailOf.get(accounts[i].id)! }),
			(i) => timed('/forgot', { email: free(i) })
		),
		await pairs(
			'POST /settings?/email (signed in)',
			(i) =>
				timed(
					'/settings?/email',
					{ email: emailOf.get(accounts[i].id)!, current: PASSWORD },
					signedIn(i)
				),
			(i) => timed('/settings?/email', { email: free(i), current: PASSWORD }, signedIn(i))
		)
	];
	console.log(
		`\n${PAIRS} interleaved pairs each, node build on PostgreSQL, one client at a time:\n`
	);
	console.log(lines.join('\n'));
} finally {
	await sql.end();
	await app.stop();
	await admin.unsafe(`drop database if exists ${dbName} with (force)`);
	await admin.end();
}
