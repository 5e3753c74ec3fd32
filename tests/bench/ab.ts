/**
 * `npx tsx tests/bench/ab.ts`: two builds side by side, measured in alternation, for a before/after
 * that a shared machine's swings don't decide. Both apps run at once on databases of their own; each
 * round measures the anonymous and the signed-in lesson on A then B (B then A in odd rounds), so both
 * see the same load; then each runs the exam-start stampede. Prints medians and per-round ratios.
 *
 *   AB_A (default .bench-build-main), AB_B (build), AB_ROUNDS (5), BENCH_SECONDS per slice (3),
 *   BENCH_PORT (4620, and the next one), BENCH_LEARNERS (500), AB_STAMPEDES (1 per build),
 *   AB_A_FLAGS / AB_B_FLAGS: V8 flags per side instead of production's (`npm start`) — the same
 *   build twice with different flags compares a runtime setting.
 */
import postgres from 'postgres';
import { benchLessons, makeLearners, type Learner } from './learners';
import { cpuMs, load, startApp, type App } from './load';
import { stampede } from './stampede';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 4620);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 5);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 500);
const STAMPEDES = Number(process.env.AB_STAMPEDES ?? 1);
const LESSON = `/learn/${benchLessons[0].slug}`;

interface Side {
	name: string;
	build: string;
	origin: string;
	app: App;
	sql: postgres.Sql;
	learners: Learner[];
	anon: number[];
	signed: number[];
	signedP99: number[];
	/** The app's CPU time per signed-in view (ms). */
	cpuMs: number[];
	open: number[];
	submit: number[];
	notes: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[], digits = 0) =>
	`${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main() {
	const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
	const sides: Side[] = [];
	const dbs: string[] = [];
	try {
		for (const [i, [name, build]] of [
			['A', process.env.AB_A ?? '.bench-build-main'],
			['B', process.env.AB_B ?? 'build']
		].entries()) {
			const db = `lernpfad_ab_${name.toLowerCase()}_${Date.now().toString(36)}`;
			await admin.unsafe(`create database ${db}`);
			dbs.push(db);
			const url = new URL(SERVER);
			url.pathname = `/${db}`;
			const flags = process.env[`AB_${name}_FLAGS`];
			const app = await startApp(url.toString(), PORT + i, build, flags);
			const sql = postgres(url.toString(), { max: 4, onnotice: () => {} });
			const learners = await makeLearners(sql, 'ab', 50);
			sides.push({
				...{ name, build: flags ? `${build} (${flags})` : build, app, sql, learners },
				origin: `http://localhost:${PORT + i}`,
				...{
					anon: [],
					signed: [],
					signedP99: [],
					cpuMs: [],
					open: [],
					submit: [],
					notes: []
				}
			});
		}
		const measure = async (s: Side, seconds: number) => {
			const url = `${s.origin}${LESSON}`;
			const headers = { accept: 'text/html' };
			const anon = await load({ url, connections: 50, seconds, headers });
			const cpu = cpuMs(s.app.child.pid!);
			const signed = await load({
				...{ url, connections: 50, seconds, headers },
				perConnection: (i) => ({ cookie: s.learners[i % s.learners.length].cookie })
			});
			await new Promise((r) => setTimeout(r, 600));
			s.cpuMs.push((cpuMs(s.app.child.pid!) - cpu) / signed.requests);

			if (anon.bad || signed.bad) s.notes.push(`${anon.bad + signed.bad} unexpected`);
			return { anon, signed };
		};
		for (const s of sides) await measure(s, 2);
		for (let r = 0; r < ROUNDS; r++) {
			for (const s of r % 2 ? [...sides].reverse() : sides) {
				const { anon, signed } = await measure(s, SECONDS);
				s.anon.push(anon.rps);
				s.signed.push(signed.rps);
				s.signedP99.push(signed.p99);
			}
			console.log(
				`round ${r + 1}: ` +
					sides
						.map((s) => `${s.name} anon ${s.anon[r].toFixed(0)}, signed ${s.signed[r].toFixed(0)}`)
						.join(' | ')
			);
		}
		for (let k = 0; k < STAMPEDES; k++) {
			for (const s of k % 2 ? [...sides].reverse() : sides) {
				const crowd = await makeLearners(s.sql, `crowd${k}`, LEARNERS);
				const st = await stampede(s.sql, s.origin, crowd);
				s.open.push(st.open.p99);
				s.submit.push(st.submit.p99);
				s.notes.push(
					`stampede ${k + 1}: ${st.open.lost}/${st.submit.lost} lost, ${st.submitted} recorded, ${(st.attempts / LEARNERS).toFixed(2)} attempts each (most ${st.most})`
				);
				console.log(
					`${s.name} stampede: open p99 ${st.open.p99.toFixed(0)} ms, submit ${st.submit.p99.toFixed(0)} ms`
				);
			}
		}
		console.log(`\n${ROUNDS} rounds of ${SECONDS} s, alternating; median (min–max)\n`);
		for (const s of sides) {
			const ratios = s.signed.map((x, i) => (100 * x) / s.anon[i]);
			console.log(
				`${s.name} (${s.build}): anonymous ${range(s.anon)} req/s; signed in ${range(s.signed)} req/s, p99 ${range(s.signedP99)} ms, app CPU ${range(s.cpuMs, 2)} ms per view; signed/anonymous ${range(ratios, 1)} %` +
					(s.open.length
						? `; stampede p99 open ${range(s.open)} ms, submit ${range(s.submit)} ms`
						: '') +
					(s.notes.length ? `\n   ${s.notes.join('; ')}` : '')
			);
		}
		const [a, b] = sides;
		const gain = b.signed.map((x, i) => x / a.signed[i]);
		console.log(`\nB/A signed in, per round: ${gain.map((g) => g.toFixed(2)).join(', ')}`);
	} finally {
		for (const s of sides) {
			await s.sql.end();
			await s.app.stop();
		}
		for (const db of dbs) await admin.unsafe(`drop database if exists ${db} with (force)`);
		await admin.end();
	}
}

await main();
