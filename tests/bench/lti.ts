/**
 * LTI 1.3 launches for the bench. The fake platform of tests/lti runs in this process, registered in
 * the bench database with `registerPlatform` (as tests/db/lti*.spec.ts do). A launch is what an LMS
 * page and the browser in its iframe do: the login initiation (POST as Moodle, GET as Canvas, in
 * turn) → the platform's authorization endpoint (called in-process: it checks the tool's request and
 * signs the id_token with the tool's nonce) → the form_post to /lti/launch → /lti/continue → the
 * lesson. Every request carries only what the iframe has: the state cookie, then the partitioned
 * session cookie (the usual SameSite=Lax one is not sent to a third-party frame).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type postgres from 'postgres';
import { registerPlatform } from '../../src/lib/server/lti/registrations';
import { withServices } from '../lti/advantage';
import { ROLE, startPlatform, type FakePlatform, type LaunchSpec } from '../lti/platform';
import { benchDb } from './learners';
import { cpuMs } from './load';
import { quantile } from './stampede';

const HEADERS = { 'x-forwarded-for': '127.0.0.9', accept: 'text/html' };
const FORM = 'application/x-www-form-urlencoded';
const STEPS = ['login', 'launch', 'continue', 'lesson'] as const;
type Step = (typeof STEPS)[number];

interface Launched {
	ms: number;
	steps: Record<Step, number>;
	/** The session cookie the iframe keeps (`name=value`). */
	cookie: string;
}

/** `name=value` of the first cookie `res` sets that `wanted` accepts (by its whole header). */
function cookieOf(res: Response, wanted: (setCookie: string) => boolean) {
	const found = res.headers.getSetCookie().find((c) => wanted(c) && !/^[^=]*=;/.test(c));
	return found?.split(';')[0];
}

class StepError extends Error {}

export async function startLti(sql: postgres.Sql, origin: string, port: number, lesson: string) {
	const platform: FakePlatform = await startPlatform({ port, toolOrigin: origin });
	const lms = withServices(platform);
	const context = { id: 'bench-course', title: 'Bench course' };
	await registerPlatform(
		benchDb(sql),
		{ id: null, name: 'bench' },
		{ name: 'Bench LMS', ...platform.registration, deploymentIds: [platform.deploymentId] }
	);
	const specs = new Map<string, LaunchSpec>();
	const specOf = (sub: string) => {
		let spec = specs.get(sub);
		if (!spec) {
			spec = {
				user: { sub, name: `LMS ${sub}`, email: `${sub}@lms.example`, roles: [ROLE.learner] },
				context,
				target: `/learn/${lesson}`,
				locale: 'en',
				claims: lms.serviceClaims(context.id)
			};
			specs.set(sub, spec);
		}
		return spec;
	};
	let turn = 0;

	/** One complete launch of `sub`; throws a StepError naming the step that answered wrongly. */
	async function launch(sub: string): Promise<Launched> {
		const steps = {} as Record<Step, number>;
		const started = performance.now();
		let t = started;
		const step = async (name: Step, request: () => Promise<Response>, status: number) => {
			const res = await request();
			await res.arrayBuffer();
			steps[name] = performance.now() - t;
			if (res.status !== status) throw new StepError(`${name}: ${res.status}`);
			return res;
		};
		const signal = () => AbortSignal.timeout(30_000);
		const params = new URLSearchParams(platform.loginRequest(specOf(sub)));
		const byGet = turn++ % 2 === 1;
		const login = await step(
			'login',
			() =>
				byGet
					? fetch(`${origin}/lti/login?${params}`, {
							headers: HEADERS,
							redirect: 'manual',
							signal: signal()
						})
					: fetch(`${origin}/lti/login`, {
							method: 'POST',
							body: params,
							headers: { ...HEADERS, origin: platform.url, 'content-type': FORM },
							redirect: 'manual',
							signal: signal()
						}),
			302
		);
		const stateCookie = cookieOf(login, (c) => c.startsWith('lti_state_'));
		const answer = await platform.authorize(new URL(login.headers.get('location')!).searchParams);
		if ('problems' in answer) throw new StepError(`authorize: ${answer.problems.join(', ')}`);
		t = performance.now();
		const launched = await step(
			'launch',
			() =>
				fetch(answer.action, {
					method: 'POST',
					body: new URLSearchParams(answer.fields),
					headers: {
						...HEADERS,
						origin: platform.url,
						'content-type': FORM,
						cookie: stateCookie ?? ''
					},
					redirect: 'manual',
					signal: signal()
				}),
			303
		);
		// What a third-party frame keeps: the partitioned (CHIPS) session cookie, not the Lax one.
		const cookie = cookieOf(launched, (c) => /;\s*partitioned/i.test(c));
		if (!cookie) throw new StepError('launch: no session cookie');
		const get = (path: string) => () =>
			fetch(new URL(path, origin), {
				headers: { ...HEADERS, cookie },
				redirect: 'manual',
				signal: signal()
			});
		t = performance.now();
		const next = await step('continue', get(launched.headers.get('location')!), 303);
		t = performance.now();
		await step('lesson', get(next.headers.get('location')!), 200);
		// The signing (authorize) is the platform's time, not the tool's: left out of `ms`.
		const ms = STEPS.reduce((sum, s) => sum + steps[s], 0);
		return { ms, steps, cookie };
	}

	/** One launch each of `count` users, `clients` at a time: sessions for the page rows. */
	async function sessions(prefix: string, count: number, clients = 8) {
		const cookies: string[] = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: clients }, async () => {
				while (next < count) cookies.push((await launch(`${prefix}-${next++}`)).cookie);
			})
		);
		return cookies;
	}

	/** Milliseconds to sign one id_token here, alone (the median of 100). */
	async function signingMs() {
		const now = Math.floor(Date.now() / 1000);
		const claims = { iss: platform.issuer, aud: platform.clientId, sub: 'x', iat: now, exp: now };
		const times: number[] = [];
		for (let i = 0; i < 100; i++) {
			const t = performance.now();
			await platform.sign({ ...claims, nonce: String(i) });
			times.push(performance.now() - t);
		}
		return quantile(times, 0.5);
	}

	/**
	 * `clients` launch for `seconds`, taking `users` LMS users in turn: each user's first launch makes
	 * the account, the others find it. Latency is the tool's (the four requests), signing excluded.
	 */
	async function launchRow(o: {
		prefix: string;
		users: number;
		clients: number;
		seconds: number;
		/** The app's process: its CPU time per launch is reported. */
		appPid: number;
	}) {
		const times: number[] = [];
		const steps: Record<Step, number[]> = { login: [], launch: [], continue: [], lesson: [] };
		const failures = new Map<string, number>();
		let n = 0;
		const cpu = process.cpuUsage();
		const appCpu = cpuMs(o.appPid);
		const started = performance.now();
		const end = started + o.seconds * 1000;
		await Promise.all(
			Array.from({ length: o.clients }, async () => {
				while (performance.now() < end) {
					try {
						const r = await launch(`${o.prefix}-${n++ % o.users}`);
						times.push(r.ms);
						for (const s of STEPS) steps[s].push(r.steps[s]);
					} catch (e) {
						const why = e instanceof StepError ? e.message : String(e);
						failures.set(why, (failures.get(why) ?? 0) + 1);
						await sleep(10);
					}
				}
			})
		);
		const elapsed = performance.now() - started;
		const used = process.cpuUsage(cpu);
		const appCpuMs = (cpuMs(o.appPid) - appCpu) / times.length;
		const [{ accounts, enrolled }] = await sql<{ accounts: number; enrolled: number }[]>`
			select count(*)::int as accounts,
				(select count(*)::int from enrollment e join lti_user l2 on l2.user_id = e.user_id
					where l2.sub like ${`${o.prefix}-%`}) as enrolled
			from lti_user where sub like ${`${o.prefix}-%`}`;
		return {
			launches: times.length,
			rps: (1000 * times.length) / elapsed,
			p50: quantile(times, 0.5),
			p99: quantile(times, 0.99),
			steps: Object.fromEntries(STEPS.map((s) => [s, quantile(steps[s], 0.5)])) as Record<
				Step,
				number
			>,
			failed: [...failures.values()].reduce((a, b) => a + b, 0),
			failures: [...failures].map(([why, k]) => `${k}× ${why}`).join(', '),
			accounts,
			enrolled,
			appCpuMs,
			/** The bench process (client and platform) in % of one core. */
			cpu: (100 * (used.user + used.system)) / 1000 / elapsed
		};
	}

	return { launch, sessions, launchRow, signingMs, close: () => platform.close() };
}
