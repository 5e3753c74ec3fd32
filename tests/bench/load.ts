/**
 * Processes under test and the load generators. GET rows use `wrk` (C, two threads): autocannon runs
 * in Node on the same 2 cores and tops out near 9,000 req/s here, a ceiling that flattered every
 * ratio to bare Node. autocannon stays for rows whose every request differs (the submission's
 * bodies), which run at a few hundred requests a second, far below either generator's ceiling.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

export interface Measured {
	rps: number;
	p50: number;
	p99: number;
	requests: number;
	/** Responses with another status than expected, plus connection errors (timeouts included). */
	bad: number;
}

export interface LoadOptions {
	url: string;
	connections: number;
	seconds: number;
	headers?: Record<string, string>;
	/** A header set per connection (e.g. one learner's cookie each). */
	perConnection?: (i: number) => Record<string, string>;
	/** Builds each request (method, body, headers): every request may differ. */
	next?: () => {
		method?: 'GET' | 'POST';
		body?: string;
		headers?: Record<string, string>;
		path?: string;
	};
	expect?: number;
}

export const wrkAvailable = () => spawnSync('wrk', ['--version']).error === undefined;

/** `wrk` for GET rows (unless BENCH_GENERATOR=autocannon or wrk is missing); autocannon otherwise. */
export function load(o: LoadOptions): Promise<Measured> {
	const useWrk = !o.next && process.env.BENCH_GENERATOR !== 'autocannon' && wrkAvailable();
	return useWrk ? loadWrk(o) : loadAutocannon(o);
}

const lua = (s: string) => JSON.stringify(s);

/**
 * wrk with two threads. Headers per connection (a learner's cookie) become a rotation per request,
 * prepared once per thread. wrk counts statuses ≥ 400 as errors; `expect` other than 200 is not
 * checked here (those rows use autocannon).
 */
export async function loadWrk(o: LoadOptions): Promise<Measured> {
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-wrk-'));
	const script = join(dir, 'bench.lua');
	const base = { 'x-forwarded-for': '127.0.0.9', ...o.headers };
	const variants = o.perConnection
		? Array.from({ length: o.connections }, (_, i) => ({ ...base, ...o.perConnection!(i) }))
		: [base];
	const table = (h: Record<string, string>) =>
		`{ ${Object.entries(h)
			.map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
			.join(', ')} }`;
	writeFileSync(
		script,
		`local variants = { ${variants.map(table).join(',\n')} }
local requests = {}
local i = 0
init = function(args)
	for n, h in ipairs(variants) do
		h["Host"] = wrk.headers["Host"]
		requests[n] = wrk.format("GET", nil, h)
	end
end
request = function()
	i = i % #requests + 1
	return requests[i]
end
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format('\\nRESULT {"requests":%d,"us":%d,"p50":%f,"p99":%f,"status":%d,"socket":%d}\\n',
		summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		e.status, e.connect + e.read + e.write + e.timeout))
end
`
	);
	const out = await new Promise<string>((resolve, reject) => {
		const child = spawn(
			'wrk',
			[
				`-t${Math.min(2, o.connections)}`,
				`-c${o.connections}`,
				`-d${o.seconds}s`,
				'--timeout',
				'10s',
				'-s',
				script,
				o.url
			],
			{ stdio: ['ignore', 'pipe', 'inherit'] }
		);
		let text = '';
		child.stdout.on('data', (c: Buffer) => (text += c));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk: ${code}`))));
	});
	const line = /RESULT (\{.*\})/.exec(out);
	if (!line) throw new Error(`wrk printed no result:\n${out}`);
	const r = JSON.parse(line[1]) as Record<string, number>;
	return {
		rps: r.requests / (r.us / 1e6),
		p50: r.p50,
		p99: r.p99,
		requests: r.requests,
		bad: r.status + r.socket
	};
}

export async function loadAutocannon(o: LoadOptions): Promise<Measured> {
	let client = 0;
	const counts = new Map<number, number>();
	const options: autocannon.Options = {
		url: o.url,
		connections: o.connections,
		duration: o.seconds,
		headers: { 'x-forwarded-for': '127.0.0.9', ...o.headers },
		setupClient: o.perConnection
			? (c) =>
					c.setHeaders({
						'x-forwarded-for': '127.0.0.9',
						...o.headers,
						...o.perConnection!(client++)
					})
			: undefined,
		requests: o.next
			? [
					{
						setupRequest: (req) => {
							const n = o.next!();
							return { ...req, ...n, headers: { ...req.headers, ...n.headers } };
						}
					}
				]
			: undefined
	};
	const r = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(options, (error, result) =>
			error ? reject(error) : resolve(result)
		);
		instance.on('response', (_c, status) => counts.set(status, (counts.get(status) ?? 0) + 1));
	});
	const expected = o.expect ?? 200;
	const total = [...counts.values()].reduce((a, b) => a + b, 0);
	return {
		rps: r.requests.average,
		p50: r.latency.p50,
		p99: r.latency.p99,
		requests: total,
		bad: total - (counts.get(expected) ?? 0) + r.errors
	};
}

export async function waitHealthy(origin: string, path = '/healthz', ms = 30_000) {
	const start = performance.now();
	while (performance.now() - start < ms) {
		const ok = await fetch(`${origin}${path}`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) return performance.now() - start;
		await sleep(25);
	}
	throw new Error(`${origin}${path} did not answer within ${ms} ms`);
}

/** CPU time (user + system) of a process so far, in ms: unlike throughput, barely moved by others' load. */
export function cpuMs(pid: number) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface App {
	child: ChildProcess;
	startMs: number;
	rssMb: () => number;
	stop: () => Promise<void>;
}

/**
 * The V8 flags production runs with: those of `npm start` in package.json, the one place they are
 * set (README, "Running in production"), so the bench measures the app as it is run.
 */
export const PRODUCTION_FLAGS = (
	/^node (.*)\bbuild$/.exec(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start)?.[1] ??
	''
).trim();

/** `node build` on `databaseUrl`; start-up time is spawn → first healthy /healthz. */
export async function startApp(
	databaseUrl: string,
	port: number,
	build = process.env.BENCH_BUILD ?? 'build',
	nodeFlags = `${PRODUCTION_FLAGS} ${process.env.BENCH_NODE_FLAGS ?? ''}`
): Promise<App> {
	const origin = `http://localhost:${port}`;
	const started = performance.now();
	// BENCH_PROFILE=dir: a CPU profile of the app, written to dir when it stops.
	const profile = process.env.BENCH_PROFILE;
	// BENCH_BUILD=dir: another build (e.g. a copy of the previous commit's) for an A/B comparison.
	// BENCH_NODE_FLAGS="--trace-gc …": V8 flags for the app besides production's (NODE_OPTIONS
	// refuses some of them).
	const flags = nodeFlags?.split(' ').filter(Boolean) ?? [];
	const args = [...flags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), build];
	const child = spawn('node', args, {
		env: {
			...process.env,
			DATABASE_URL: databaseUrl,
			PORT: String(port),
			ORIGIN: origin,
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		},
		// BENCH_APP_STDOUT=1: the app's output here (e.g. with --trace-gc).
		stdio: ['ignore', process.env.BENCH_APP_STDOUT ? 'inherit' : 'ignore', 'inherit']
	});
	await waitHealthy(origin);
	const startMs = performance.now() - started;
	return {
		child,
		startMs,
		rssMb: () => {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
		},
		stop: async () => {
			child.kill('SIGTERM');
			await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
		}
	};
}

/**
 * The baseline: bare Node `http` answering every request with `body` (a process of its own). With a
 * tiny body it is the trivial server that shows a load generator's own ceiling.
 */
export async function startBare(port: number, body: Buffer) {
	const script = `
		const body = Buffer.from(process.env.BODY, 'base64');
		require('http').createServer((req, res) => {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
			res.end(body);
		}).listen(${port}, '127.0.0.1');`;
	const child = spawn('node', ['-e', script], {
		env: { ...process.env, BODY: body.toString('base64') },
		stdio: 'ignore'
	});
	await waitHealthy(`http://127.0.0.1:${port}`, '/');
	return { stop: () => void child.kill('SIGTERM') };
}
