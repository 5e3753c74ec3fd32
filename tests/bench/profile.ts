/**
 * `npx tsx tests/bench/profile.ts [path]`: a CPU profile of `node build` serving one signed-in page
 * under load, summarised by self time per function (top 40) — to see where a row's time goes.
 *   PROFILE_PATH (default the first lesson), BENCH_PORT (4700), BENCH_SECONDS (8), PROFILE_ANON=1.
 *   PROFILE_HEAP=1: a sampling heap profile instead (heap-sampler.mjs: what was allocated under
 *   load, collected or not — what the garbage collector has to clear), summarised by function.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { benchLessons, makeLearners } from './learners';
import { load, startApp } from './load';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 4700);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const path = process.argv[2] ?? `/learn/${benchLessons[0].slug}`;

interface Node {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount: number;
	children?: number[];
}

let warmup = 0;
let requests = 0;

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'lernpfad-prof-'));
	const heap = process.env.PROFILE_HEAP === '1';
	if (heap) {
		process.env.BENCH_NODE_FLAGS = '--import ./tests/bench/heap-sampler.mjs';
		process.env.HEAP_PROFILE_DIR = dir;
	} else process.env.BENCH_PROFILE = dir;
	const dbName = `lernpfad_prof_${Date.now().toString(36)}`;
	const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
	const url = new URL(SERVER);
	url.pathname = `/${dbName}`;
	await admin.unsafe(`create database ${dbName}`);
	try {
		const app = await startApp(url.toString(), PORT);
		const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
		const learners = await makeLearners(sql, 'prof', 50);
		const anon = process.env.PROFILE_ANON === '1';
		const opts = {
			url: `http://localhost:${PORT}${path}`,
			connections: 50,
			headers: { accept: 'text/html' },
			perConnection: anon ? undefined : (i: number) => ({ cookie: learners[i % 50].cookie })
		};
		warmup = (await load({ ...opts, seconds: 2 })).requests;
		const m = await load({ ...opts, seconds: SECONDS });
		requests = m.requests;
		console.log(
			`${path}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, bad ${m.bad}`
		);
		await sql.end();
		await app.stop();
	} finally {
		await admin.unsafe(`drop database if exists ${dbName} with (force)`);
		await admin.end();
	}
	if (heap) return summariseHeap(dir, requests);
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (!file) throw new Error('no profile written');
	const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[] };
	const total = profile.nodes.reduce((s, n) => s + n.hitCount, 0);
	const self = new Map<string, number>();
	const byFile = new Map<string, number>();
	for (const n of profile.nodes) {
		const f = n.callFrame.url.replace(/^.*\/(node_modules|build)\//, '$1/');
		const key = `${n.callFrame.functionName || '(anon)'} ${f}:${n.callFrame.lineNumber}`;
		self.set(key, (self.get(key) ?? 0) + n.hitCount);
		const pkg = f.startsWith('node_modules/')
			? f
					.split('/')
					.slice(0, f.split('/')[1].startsWith('@') ? 3 : 2)
					.join('/')
			: f.startsWith('build/')
				? f
				: f || n.callFrame.functionName;
		byFile.set(pkg, (byFile.get(pkg) ?? 0) + n.hitCount);
	}
	const top = (m: Map<string, number>, k: number) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, k)
			.map(([name, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)} %  ${name}`)
			.join('\n');
	console.log(`\nself time by file/package:\n${top(byFile, 25)}\n\nby function:\n${top(self, 40)}`);
	console.log(`\nprofile: ${join(dir, file)}`);
}

interface HeapNode {
	callFrame: { functionName: string; url: string; lineNumber: number };
	selfSize: number;
	children: HeapNode[];
}

/** Bytes allocated per function and per file/package (sampled; includes what was collected). */
function summariseHeap(dir: string, requests: number) {
	const file = readdirSync(dir).find((f) => f.endsWith('.heapprofile'));
	if (!file) throw new Error('no heap profile written');
	const { head } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { head: HeapNode };
	const self = new Map<string, number>();
	const byFile = new Map<string, number>();
	let total = 0;
	const walk = (n: HeapNode) => {
		const f = n.callFrame.url.replace(/^.*\/(node_modules|build)\//, '$1/');
		const key = `${n.callFrame.functionName || '(anon)'} ${f}:${n.callFrame.lineNumber}`;
		self.set(key, (self.get(key) ?? 0) + n.selfSize);
		const pkg = f.startsWith('node_modules/') ? f.split('/').slice(0, 3).join('/') : f || key;
		byFile.set(pkg, (byFile.get(pkg) ?? 0) + n.selfSize);
		total += n.selfSize;
		n.children.forEach(walk);
	};
	walk(head);
	const top = (m: Map<string, number>, k: number) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, k)
			.map(([name, bytes]) => `${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${name}`)
			.join('\n');
	const perView = total / (requests + warmup);
	console.log(
		`\n${(total / 2 ** 20).toFixed(0)} MB allocated, ${(perView / 1024).toFixed(0)} KB per request`
	);
	console.log(`\nallocated by file/package:\n${top(byFile, 20)}\n\nby function:\n${top(self, 40)}`);
	console.log(`\nprofile: ${join(dir, file)}`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
