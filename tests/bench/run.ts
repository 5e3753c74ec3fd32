/**
 * `npm run bench`: the app (`node build`, built if stale) on a fresh PostgreSQL database, every GET
 * row measured with `wrk` (two threads; autocannon for the submission's POSTs) beside baselines from
 * the same run — the generators' own ceiling against a trivial server, bare Node `http` serving the
 * same lesson bytes, and pgbench running the quiz submission's statements. Prints the table and
 * writes it to tests/bench/RESULTS.md. Timings are never pass/fail.
 *
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_PORT (4610–4614;
 *   the fake LMS on the last), BENCH_SECONDS per row (5), BENCH_CONNECTIONS (50), BENCH_LEARNERS for
 *   the stampede (500), BENCH_LTI_USERS who launch in turn in each launch row (50), BENCH_REVIEWERS
 *   with a due card each for the review answers (2000), BENCH_CLASSES=0 skips the
 *   1,000/10,000-learner classes.
 */
import { spawnSync } from 'node:child_process';
import { get, type IncomingHttpHeaders } from 'node:http';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { seed as seedClass } from './class-report';
import { answerForm, benchLessons, makeLearners, openAttempts } from './learners';
import { load, loadAutocannon, startApp, startBare, wrkAvailable, type Measured } from './load';
import { startLti } from './lti';
import { pgbenchSubmission } from './pgbench';
import { answerRow, makeReviewers } from './review';
import { stampede } from './stampede';
import { startNginx, nginxAvailable } from '../e2e/ops/nginx';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 4610);
const ORIGIN = `http://localhost:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 500);
const LTI_USERS = Number(process.env.BENCH_LTI_USERS ?? 50);
const REVIEWERS = Number(process.env.BENCH_REVIEWERS ?? 2000);
const CLASSES = process.env.BENCH_CLASSES !== '0';
const LESSON = benchLessons[0].slug;
const HTML = { accept: 'text/html' };

interface Row {
	row: string;
	rps?: number;
	p50?: number;
	p99?: number;
	ratio?: string;
	/** The ratio to bare Node as measured by autocannon (the earlier, capped baseline). */
	old?: string;
	note?: string;
}
const rows: Row[] = [];

function newest(dir: string): number {
	return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
		const path = join(dir, e.name);
		return Math.max(max, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}, 0);
}

function buildIfStale() {
	const built = existsSync('build/index.js') ? statSync('build/index.js').mtimeMs : 0;
	if (built > Math.max(newest('src'), newest('content'))) return;
	console.log('building (build/ is missing or older than src/ and content/)…');
	const run = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (run.status !== 0) throw new Error('npm run build failed');
}

/** Whether `path` shows `marker` (a piece of markup) to the holder of `cookie`. */
async function shows(path: string, cookie: string, marker: string) {
	const r = await fetch(`${ORIGIN}${path}`, {
		headers: { ...HTML, cookie, 'x-forwarded-for': '127.0.0.9' }
	});
	return (await r.text()).includes(marker);
}

const pct = (x: number, base: number) => `${((100 * x) / base).toFixed(1)} %`;
const fmt = (m: Measured) => ({ rps: m.rps, p50: m.p50, p99: m.p99 });
const bad = (m: Measured) => (m.bad ? `${m.bad} of ${m.requests} unexpected` : '');

/** Bytes as sent (fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string>) {
	return new Promise<{ bytes: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
		get(url, { headers }, (res) => {
			let bytes = 0;
			res.on('data', (c: Buffer) => (bytes += c.length));
			res.on('end', () => resolve({ bytes, headers: res.headers }));
		}).on('error', reject);
	});
}

/**
 * JavaScript and CSS a lesson page loads, gzipped as a compressing server would send them. Counted
 * in Chromium (Debian's, as in the e2e tests) until the quiz is live, so the chunks the page's
 * universal load imports (the lesson text, the quiz view) count too. Without a browser, only the
 * page's preloads and their static imports are counted, and the note says so.
 */
async function pageWeight(cookie: string) {
	const page = `${ORIGIN}/learn/${LESSON}`;
	const response = await fetch(page, { headers: { cookie, 'x-forwarded-for': '127.0.0.9' } });
	const html = await response.text();
	const gzHtml = gzipSync(Buffer.from(html)).length;
	const bodies = (await inBrowser(page, cookie)) ?? (await crawled(page, html, response));
	let js = 0;
	let css = 0;
	for (const [href, body] of bodies.files) {
		if (href.endsWith('.css')) css += gzipSync(body).length;
		else js += gzipSync(body).length;
	}
	return {
		js,
		css,
		html: gzHtml,
		rawHtml: Buffer.byteLength(html),
		files: bodies.files.size,
		how: bodies.how
	};
}

async function inBrowser(page: string, cookie: string) {
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(executablePath)) return null;
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
	try {
		const context = await browser.newContext({
			extraHTTPHeaders: { 'x-forwarded-for': '127.0.0.9' }
		});
		const [name, value] = cookie.split(';')[0].split('=');
		await context.addCookies([{ name, value, url: ORIGIN }]);
		const tab = await context.newPage();
		const files = new Map<string, Buffer>();
		const pending: Promise<void>[] = [];
		tab.on('response', (r) => {
			if (/\.(js|css)(\?|$)/.test(r.url()))
				pending.push(r.body().then((b) => void files.set(r.url(), b)));
		});
		await tab.goto(page);
		await tab.locator('form.quiz-form[data-ready]').waitFor({ timeout: 30_000 });
		await Promise.all(pending);
		return { files, how: 'counted in Chromium' };
	} finally {
		await browser.close();
	}
}

async function crawled(page: string, html: string, response: Response) {
	const refs = (text: string, base: string, pattern: RegExp) =>
		[...text.matchAll(pattern)].map((m) => new URL(m[1], base).href);
	const inPage = /["<]((?:\.{1,2}\/)+_app\/[^"'>]*?\.(?:js|css))/g;
	const staticImport = /(?:from|import)\s*"((?:\.{1,2}\/)+[^"]*?\.js)"/g;
	const pending = [
		...refs(html, page, inPage),
		...refs(response.headers.get('link') ?? '', page, inPage)
	];
	const files = new Map<string, Buffer>();
	while (pending.length) {
		const href = pending.pop()!;
		if (files.has(href)) continue;
		const body = Buffer.from(await (await fetch(href)).arrayBuffer());
		files.set(href, body);
		if (!href.endsWith('.css')) pending.push(...refs(body.toString(), href, staticImport));
	}
	return {
		files,
		how: 'static imports only: no Chromium, the lazily loaded text and quiz not counted'
	};
}

function machine() {
	const mem = (totalmem() / 2 ** 30).toFixed(1);
	const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
		encoding: 'utf8'
	}).stdout.trim();
	const dirty = spawnSync('git', ['status', '--porcelain', 'src'], {
		encoding: 'utf8'
	}).stdout.trim();
	return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${mem} GiB, Node ${process.version}, commit ${commit}${dirty ? ' (+ uncommitted src changes)' : ''}`;
}

function table() {
	const n = (x: number | undefined, digits = 0) =>
		x === undefined || Number.isNaN(x)
			? ''
			: x.toLocaleString('en-US', { maximumFractionDigits: digits });
	const lines = [
		"| row | req/s | p50 ms | p99 ms | ratio | ratio to autocannon's bare Node (earlier baseline) | note |",
		'|---|---:|---:|---:|---:|---:|---|',
		...rows.map(
			(r) =>
				`| ${r.row} | ${n(r.rps)} | ${n(r.p50, 1)} | ${n(r.p99, 1)} | ${r.ratio ?? ''} | ${r.old ?? ''} | ${r.note ?? ''} |`
		)
	];
	return lines.join('\n');
}

async function main() {
	buildIfStale();
	const dbName = `lernpfad_bench_${Date.now().toString(36)}`;
	const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
	const url = new URL(SERVER);
	url.pathname = `/${dbName}`;
	await admin.unsafe(`create database ${dbName}`);
	const stops: (() => unknown)[] = [];
	try {
		const app = await startApp(url.toString(), PORT);
		stops.push(app.stop);
		const sql = postgres(url.toString(), { max: 4, onnotice: () => {} });
		stops.push(() => sql.end());

		// Baseline: the anonymous lesson's bytes from bare Node.
		const anonUrl = `${ORIGIN}/learn/${LESSON}`;
		const lessonBytes = Buffer.from(
			await (await fetch(anonUrl, { headers: { 'x-forwarded-for': '127.0.0.9' } })).arrayBuffer()
		);
		const bare = await startBare(PORT + 1, lessonBytes);
		stops.push(bare.stop);
		// The generators' own ceiling: a trivial server (2 bytes) they can't wait on. A generator
		// whose ceiling is near a row's figure measures itself, not the server.
		const trivial = await startBare(PORT + 3, Buffer.from('ok'));
		stops.push(trivial.stop);
		const bareOpts = { connections: CONNECTIONS, seconds: SECONDS };
		const generator = wrkAvailable() ? 'wrk -t2' : 'autocannon (no wrk installed)';
		const ceiling = await load({ url: `http://127.0.0.1:${PORT + 3}/`, ...bareOpts });
		const ceilingAc = await loadAutocannon({ url: `http://127.0.0.1:${PORT + 3}/`, ...bareOpts });
		const base = await load({ url: `http://127.0.0.1:${PORT + 1}/`, ...bareOpts });
		const baseAc = await loadAutocannon({ url: `http://127.0.0.1:${PORT + 1}/`, ...bareOpts });
		// Once more after the baselines; the higher counts (other work on the machine only lowers it).
		const again = await load({ url: `http://127.0.0.1:${PORT + 3}/`, ...bareOpts });
		if (again.rps > ceiling.rps) Object.assign(ceiling, again);
		rows.push({
			row: `load generator ceiling: ${generator} against a trivial server (2-byte body)`,
			...fmt(ceiling),
			note: `${pct(base.rps, ceiling.rps)} of it used by bare Node below`
		});
		rows.push({
			row: 'load generator ceiling: autocannon (the earlier generator) against the same',
			...fmt(ceilingAc),
			note: `${pct(ceilingAc.rps, ceiling.rps)} of ${generator}'s`
		});
		const kb = (lessonBytes.length / 1024).toFixed(0);
		rows.push({ row: `bare Node, same ${kb} KB (${generator})`, ...fmt(base), ratio: '100 %' });
		rows.push({
			row: `bare Node, same ${kb} KB (autocannon: the earlier baseline)`,
			...fmt(baseAc),
			ratio: pct(baseAc.rps, base.rps),
			old: '100 %'
		});
		const vsBare = (m: Measured, row: string, note = '') =>
			rows.push({
				row,
				...fmt(m),
				ratio: pct(m.rps, base.rps),
				old: pct(m.rps, baseAc.rps),
				note: [note, bad(m)].filter(Boolean).join('; ')
			});

		const learners = await makeLearners(sql, 'reader', CONNECTIONS);
		const learnerHeaders = (i: number) => ({ cookie: learners[i % learners.length].cookie });
		const lti = await startLti(sql, ORIGIN, PORT + 4, LESSON);
		stops.push(lti.close);
		// Sessions from real launches; each reader's first view of the lesson was the launch's last step.
		const ltiReaders = await lti.sessions('reader', CONNECTIONS);
		const reviewReaders = await makeReviewers(sql, 'review-reader', CONNECTIONS);

		// Page rows: a short unreported warm-up (JIT, pools), the reported run, then a second run to
		// see whether memory grows.
		const pageRows = async (seconds: number, report: boolean) => {
			const row = report ? vsBare : () => {};
			const anon = await load({ url: anonUrl, connections: CONNECTIONS, seconds, headers: HTML });
			const probe = await fetch(anonUrl, { headers: { 'x-forwarded-for': '127.0.0.9' } });
			await probe.arrayBuffer();
			const caching = `cache-control: ${probe.headers.get('cache-control') ?? '—'}, etag: ${probe.headers.get('etag') ? 'yes' : 'no'}`;
			row(anon, 'lesson page, anonymous', caching);
			const signedIn = {
				url: anonUrl,
				connections: CONNECTIONS,
				seconds,
				headers: HTML,
				perConnection: learnerHeaders
			};
			const signed = await load(signedIn);
			row(
				signed,
				'lesson page, signed in',
				`${CONNECTIONS} learners, quiz shown; ${pct(signed.rps, anon.rps)} of anonymous`
			);
			// Probed after the anonymous row, whose page the server keeps for visitors a minute.
			const quiz = await shows(`/learn/${LESSON}`, ltiReaders[0], 'class="quiz-form');
			const viaLti = await load({
				...signedIn,
				perConnection: (i) => ({ cookie: ltiReaders[i % ltiReaders.length] })
			});
			row(
				viaLti,
				'lesson page, signed in through an LTI launch',
				`${ltiReaders.length} sessions from launches, the partitioned cookie alone (as in the LMS iframe), ${quiz ? 'quiz shown' : "the visitors' page: NO quiz"}; ${pct(viaLti.rps, signed.rps)} of signed in`
			);
			const question = await shows('/review', reviewReaders[0].cookie, 'class="review-form');
			const review = await load({
				...signedIn,
				url: `${ORIGIN}/review`,
				perConnection: (i) => ({ cookie: reviewReaders[i % reviewReaders.length].cookie })
			});
			row(
				review,
				'/review, signed in',
				`${reviewReaders.length} learners with due cards, ${question ? 'a question shown' : 'NO question shown'}; ${pct(review.rps, signed.rps)} of the signed-in lesson`
			);
			row(await load({ ...signedIn, url: `${ORIGIN}/learn` }), '/learn, signed in');
			row(await load({ url: `${ORIGIN}/healthz`, connections: CONNECTIONS, seconds }), '/healthz');
		};
		await pageRows(2, false);
		await pageRows(SECONDS, true);
		const rss = [app.rssMb()];
		await pageRows(SECONDS, false);
		rss.push(app.rssMb());

		if (nginxAvailable()) {
			const nginx = await startNginx(PORT + 2, [PORT]);
			stops.push(nginx.stop);
			const probe = await rawGet(`${nginx.url}/learn/${LESSON}`, { 'accept-encoding': 'gzip' });
			const wire = probe.bytes;
			vsBare(
				await load({
					url: `${nginx.url}/learn/${LESSON}`,
					connections: CONNECTIONS,
					seconds: SECONDS,
					headers: { ...HTML, 'accept-encoding': 'gzip' }
				}),
				'lesson page, anonymous, through nginx (deploy/nginx.conf)',
				`content-encoding: ${probe.headers['content-encoding'] ?? 'none'}, ${(wire / 1024).toFixed(1)} KB on the wire`
			);
		}

		// Quiz submission: every request submits a fresh attempt (made in the database beforehand).
		const submitters = await makeLearners(sql, 'submitter', 700);
		// Lesson by lesson, as a class goes: a learner's 9th pass (a certificate) comes late, rarely within the row.
		const pool = (await openAttempts(sql, submitters, benchLessons)).sort(
			(a, b) =>
				benchLessons.findIndex((l) => l.slug === a.lesson) -
				benchLessons.findIndex((l) => l.slug === b.lesson)
		);
		const forms = pool.map((a) => ({ cookie: a.cookie, body: answerForm(a) }));
		let used = 0;
		const submission = await load({
			url: `${ORIGIN}/learn/${LESSON}`,
			connections: 8,
			seconds: SECONDS,
			expect: 303,
			next: () => {
				const i = used++ % forms.length;
				const f = forms[i];
				const lesson = pool[i].lesson;
				return {
					method: 'POST',
					path: `/learn/${lesson}?/submit`,
					body: f.body,
					headers: {
						cookie: f.cookie,
						origin: ORIGIN,
						'content-type': 'application/x-www-form-urlencoded',
						'x-forwarded-for': '127.0.0.9',
						...HTML
					}
				};
			}
		});
		const [{ submitted }] = await sql<{ submitted: number }[]>`
			select count(*)::int as submitted from quiz_attempt where submitted_at is not null and user_id in ${sql(submitters.map((s) => s.id))}`;
		const pg = await pgbenchSubmission(sql, url.toString(), LESSON, 8, SECONDS);
		if (pg) {
			rows.push({
				row: 'pgbench: the submission transaction, 8 clients',
				rps: pg.tps,
				p50: pg.avgMs,
				ratio: '100 %',
				note: 'p50 column: average latency'
			});
		}
		rows.push({
			row: 'quiz submission, 8 concurrent, each a fresh attempt',
			...fmt(submission),
			ratio: pg ? `${pct(submission.rps, pg.tps)} of pgbench` : '',
			note: [
				`${submitted} attempts recorded`,
				used > forms.length ? 'attempt pool exhausted (replays)' : '',
				bad(submission)
			]
				.filter(Boolean)
				.join('; ')
		});

		// Review answers: every request answers another learner's open item (one each).
		const answers = await answerRow(sql, ORIGIN, REVIEWERS, SECONDS, app.child.pid!);
		rows.push({
			row: 'review answer, 8 concurrent, each a different due card',
			...fmt(answers),
			ratio: `${pct(answers.rps, submission.rps)} of the quiz submission`,
			note: [
				// Requests in flight when the row ends are not counted but may still be recorded.
				`${answers.logged} review_log rows written, ${answers.requests - answers.bad} answers got their 303`,
				`app CPU ${answers.cpuMs.toFixed(1)} ms an answer`,
				answers.exhausted ? 'item pool exhausted (replays, which record nothing)' : '',
				bad(answers)
			]
				.filter(Boolean)
				.join('; ')
		});

		// LTI launches: LTI_USERS users in turn, the first launch of each makes the account.
		const signMs = await lti.signingMs();
		for (const clients of [8, 50]) {
			const r = await lti.launchRow({
				prefix: `c${clients}`,
				users: LTI_USERS,
				clients,
				seconds: SECONDS,
				appPid: app.child.pid!
			});
			const ms = (x: number) => x.toFixed(0);
			rows.push({
				row: `LTI launch, ${clients} concurrent: login → launch → continue → lesson`,
				rps: r.rps,
				p50: r.p50,
				p99: r.p99,
				note: [
					`launches/s; ${r.launches} launches by ${LTI_USERS} LMS users, ${r.accounts} accounts made (first launches), ${r.enrolled} enrolled`,
					`${r.failed} failed${r.failures ? ` (${r.failures})` : ''}`,
					`app CPU ${r.appCpuMs.toFixed(0)} ms a launch`,
					`p50 per step ${Object.entries(r.steps)
						.map(([s, x]) => `${s} ${ms(x)}`)
						.join(', ')} ms`,
					`the platform's signing (${signMs.toFixed(1)} ms a token, alone) runs in the bench process, outside the latency; that process used ${r.cpu.toFixed(0)} % of one core`
				].join('; ')
			});
		}

		const crowd = await makeLearners(sql, 'exam', LEARNERS);
		const s = await stampede(sql, ORIGIN, crowd);
		rows.push({
			row: `exam-start stampede, ${LEARNERS} learners: open within 1 s`,
			p99: s.open.p99,
			note: `${s.open.lost} failed`
		});
		rows.push({
			row: `exam-start stampede, ${LEARNERS} learners: submit within 1 s`,
			p99: s.submit.p99,
			note: `${s.submit.lost} failed; ${s.submitted} of ${LEARNERS} recorded; ${(s.attempts / LEARNERS).toFixed(2)} attempts per learner (most ${s.most})`
		});

		if (CLASSES) {
			// Sorts and hashes that spill to disk write temporary files, counted per database.
			const spilled = async () => {
				await new Promise((r) => setTimeout(r, 1000));
				const [row] = await sql<{ files: number; bytes: number }[]>`
					select temp_files::int as files, temp_bytes::float8 as bytes
					from pg_stat_database where datname = current_database()`;
				return row;
			};
			const instructor = await makeLearners(sql, 'teacher', 1);
			await sql`update "user" set role = 'instructor' where id = ${instructor[0].id}`;
			const classRows: { size: number; page: Measured; csv: Measured }[] = [];
			for (const size of [1_000, 10_000]) {
				const t = performance.now();
				const classId = await seedClass(sql, instructor[0].id, size);
				await sql`analyze`;
				const spillBefore = await spilled();
				console.log(
					`seeded a class of ${size} learners in ${((performance.now() - t) / 1000).toFixed(1)} s`
				);
				const headers = { ...HTML, cookie: instructor[0].cookie };
				const page = `${ORIGIN}/instructor/classes/${classId}`;
				// The first view after the seed computes everything (no statistics kept yet).
				const coldStart = performance.now();
				const probe = await fetch(page, {
					headers: { ...headers, 'x-forwarded-for': '127.0.0.9' }
				});
				const kb = (await probe.arrayBuffer()).byteLength / 1024;
				const cold = performance.now() - coldStart;
				const csvProbe = await fetch(`${page}/export.csv`, {
					headers: { ...headers, 'x-forwarded-for': '127.0.0.9' }
				});
				const csvKb = (await csvProbe.arrayBuffer()).byteLength / 1024;
				const pageM = await load({ url: page, connections: 1, seconds: SECONDS, headers });
				const csvM = await load({
					url: `${page}/export.csv`,
					connections: 1,
					seconds: SECONDS,
					headers
				});
				classRows.push({ size, page: pageM, csv: csvM });
				const first = classRows[0];
				rows.push({
					row: `class page, ${size.toLocaleString('en-US')} learners`,
					...fmt(pageM),
					ratio: first.size === size ? '' : `×${(pageM.p50 / first.page.p50).toFixed(1)} of 1,000`,
					note: `first view ${cold.toFixed(0)} ms; ${kb.toFixed(0)} KB HTML; ${bad(pageM)}`
				});
				rows.push({
					row: `class CSV, ${size.toLocaleString('en-US')} learners`,
					...fmt(csvM),
					ratio: first.size === size ? '' : `×${(csvM.p50 / first.csv.p50).toFixed(1)} of 1,000`,
					note: `${csvKb.toFixed(0)} KB; ${bad(csvM)}`
				});
				const spill = await spilled();
				rows.push({
					row: `class page and CSV, ${size.toLocaleString('en-US')} learners: sorts/hashes spilled to disk`,
					note: `${spill.files - spillBefore.files} temporary files, ${((spill.bytes - spillBefore.bytes) / 2 ** 20).toFixed(1)} MB (pg_stat_database)`
				});
			}
		}

		const weight = await pageWeight(learners[0].cookie);
		rows.push({
			row: 'server RSS after the first and the second run of the page rows',
			note: `${rss[0].toFixed(0)} MB → ${rss[1].toFixed(0)} MB; after all rows ${app.rssMb().toFixed(0)} MB`
		});
		rows.push({
			row: 'start-up, fresh database (spawn → /healthz 200)',
			note: `${app.startMs.toFixed(0)} ms`
		});
		rows.push({
			row: 'lesson page with quiz, gzipped',
			note: `JavaScript ${(weight.js / 1024).toFixed(1)} KB, CSS ${(weight.css / 1024).toFixed(1)} KB, HTML ${(weight.html / 1024).toFixed(1)} KB (${(weight.rawHtml / 1024).toFixed(0)} KB raw); total ${((weight.js + weight.css + weight.html) / 1024).toFixed(1)} KB in ${weight.files + 1} files; ${weight.how}`
		});

		const out = `# Benchmark results (\`npm run bench\`)

${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine()}.
${SECONDS} s per row, ${generator} with ${CONNECTIONS} connections (class rows 1; the submission: autocannon, 8),
\`node build\` on PostgreSQL (pool ${process.env.DATABASE_POOL_SIZE ?? 10}), load generator, app and database on the
same machine. Ratios compare with baselines of the same run; absolute numbers vary from run to run. The
first rows show each generator's own ceiling; the column "earlier baseline" gives the ratio to bare Node as
autocannon measured it (as RESULTS.md did until 2026-12-02), for comparison with older runs.

${table()}
`;
		console.log(`\n${table()}\n`);
		writeFileSync('tests/bench/RESULTS.md', out);
		console.log('written to tests/bench/RESULTS.md');
	} finally {
		for (const stop of stops.reverse()) await stop();
		await admin.unsafe(`drop database if exists ${dbName} with (force)`);
		await admin.end();
	}
}

await main();
