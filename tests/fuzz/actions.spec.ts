import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import { formHeaders } from '../e2e/fixtures';
import { body } from './bodies';
import { extraHeaders, method, requestTarget } from './requests';
import { attributes, client, record, RUNS, type Who } from './world';

/**
 * Every form action and POST endpoint, fed well-formed forms with odd values and malformed bodies
 * of every kind, at its own URL or with the action name, path or method changed and odd headers
 * added (fast-check). The property: never a server error.
 */
interface Target {
	name: string;
	who: Who;
	path: string;
	fields: Record<string, readonly string[]>;
}

interface World {
	classId: string;
	joinCode: string;
	victimId: string;
	lessonFields: Record<string, string[]>;
}

async function buildWorld(baseURL: string): Promise<World> {
	const admin = await client(baseURL, 'admin');
	const headers = formHeaders(baseURL);
	await admin.post('/instructor?/create', { headers, form: { name: 'Fuzz class' } });
	const classId = /\/instructor\/classes\/([a-z2-7]{24})/.exec(
		await (await admin.get('/instructor')).text()
	)![1];
	const classPage = await (await admin.get(`/instructor/classes/${classId}`)).text();
	const joinCode = /\/join\/([A-Z2-9]{8})/i.exec(classPage)![1];
	const victim = await client(baseURL, 'learner');
	const email = (await (await victim.get('/settings')).text()).match(
		/fuzz-[a-z0-9-]+@example\.com/
	)![0];
	const adminPage = await (await admin.get(`/admin?q=${encodeURIComponent(email)}`)).text();
	const victimId = attributes(adminPage, 'value', /name="userId"/)[0];
	const learner = await client(baseURL, 'learner');
	const lesson = await (await learner.get('/learn/kvm')).text();
	const lessonFields: Record<string, string[]> = {};
	for (const name of attributes(lesson, 'name', /name="(q\.|attempt)/)) {
		lessonFields[name] = attributes(
			lesson,
			'value',
			new RegExp(`name="${name.replace(/\./g, '\\.')}"`)
		);
	}
	await Promise.all([admin.dispose(), victim.dispose(), learner.dispose()]);
	return { classId, joinCode, victimId, lessonFields };
}

function targets(w: World): Target[] {
	const certificate = ['a'.repeat(32), 'abcdefghijklmnopqrstuvwxyz234567'];
	return [
		{
			name: 'login',
			who: 'anyone',
			path: '/login?next=/learn',
			fields: { email: ['a@example.com'], password: ['x'.repeat(10)] }
		},
		{
			name: 'register',
			who: 'anyone',
			path: '/register',
			fields: { name: ['Ada'], email: ['fz@example.com'], password: ['Hypervisor-Typ-1-und-2'] }
		},
		{ name: 'logout', who: 'learner', path: '/logout', fields: {} },
		{
			name: 'language',
			who: 'anyone',
			path: '/language',
			fields: { locale: ['de', 'en'], redirectTo: ['/learn', '//evil.example'] }
		},
		{
			name: 'settings profile',
			who: 'learner',
			path: '/settings?/profile',
			fields: { name: ['Ada'] }
		},
		{
			name: 'settings language',
			who: 'learner',
			path: '/settings?/language',
			fields: { locale: ['de', 'en'] }
		},
		{
			name: 'settings password',
			who: 'learner',
			path: '/settings?/password',
			fields: { current: ['Hypervisor-Typ-1-und-2'], password: ['Neues-Passwort-2026'] }
		},
		{
			// Wrong passwords only: the other targets share this learner (deletion itself: e2e account/).
			name: 'settings delete account',
			who: 'learner',
			path: '/settings/delete',
			fields: { password: ['falsch', 'Hypervisor-Typ-1-und-'], revoke: ['on', 'off'] }
		},
		{
			name: 'settings email',
			who: 'learner',
			path: '/settings?/email',
			fields: { email: ['neu@example.com'], current: ['Hypervisor-Typ-1-und-2'] }
		},
		{
			name: 'settings reminders',
			who: 'learner',
			path: '/settings?/reminders',
			fields: { reminders: ['on', 'off'] }
		},
		{
			name: 'settings review reminders',
			who: 'learner',
			path: '/settings?/reviewReminders',
			fields: { reminders: ['off', 'daily', 'weekly'], timeZone: ['Europe/Zurich', 'Mars/Olympus'] }
		},
		{
			// Cross-site without Origin is allowed here (RFC 8058): the token is the only check.
			name: 'one-click unsubscribe',
			who: 'anyone',
			path: `/unsubscribe/${'a'.repeat(32)}`,
			fields: { 'List-Unsubscribe': ['One-Click'] }
		},
		{ name: 'forgot', who: 'anyone', path: '/forgot', fields: { email: ['a@example.com'] } },
		{
			name: 'reset',
			who: 'anyone',
			path: `/reset/${'a'.repeat(32)}`,
			fields: { password: ['Neues-Passwort-2026'] }
		},
		{ name: 'verify', who: 'anyone', path: `/verify/${'a'.repeat(32)}`, fields: {} },
		{ name: 'verify resend', who: 'learner', path: '/verify', fields: {} },
		{
			name: 'class remind',
			who: 'admin',
			path: `/instructor/classes/${w.classId}?/remind`,
			fields: { text: ['Bitte weitermachen'], userId: [w.victimId, ''] }
		},
		{ name: 'quiz submit', who: 'learner', path: '/learn/kvm?/submit', fields: w.lessonFields },
		{ name: 'join', who: 'learner', path: `/join/${w.joinCode}`, fields: {} },
		{
			name: 'instructor create',
			who: 'admin',
			path: '/instructor?/create',
			fields: { name: ['Klasse'] }
		},
		...['rename', 'regenerate', 'archive', 'unarchive', 'remove'].map((action) => ({
			name: `class ${action}`,
			who: 'admin' as const,
			path: `/instructor/classes/${w.classId}?/${action}`,
			fields: { name: ['Klasse'], userId: [w.victimId] }
		})),
		...['role', 'enable', 'disable'].map((action) => ({
			name: `admin ${action}`,
			who: 'admin' as const,
			path: `/admin?/${action}`,
			fields: { userId: [w.victimId], role: ['learner', 'instructor'] }
		})),
		{
			name: 'admin revoke',
			who: 'admin',
			path: '/admin?/revoke',
			fields: { code: certificate, reason: ['Betrug'] }
		},
		{
			name: 'certificate find',
			who: 'anyone',
			path: '/certificates/verify?/find',
			fields: { code: certificate }
		},
		{
			name: 'certificate verify',
			who: 'anyone',
			path: '/certificates/verify?/verify',
			fields: { jwt: ['a.b.c'], credential: ['x'] }
		},
		{
			name: 'certificate page verify',
			who: 'anyone',
			path: `/certificates/${certificate[0]}?/verify`,
			fields: { jwt: ['a.b.c'] }
		},
		{
			name: 'certificate page revoke',
			who: 'admin',
			path: `/certificates/${certificate[0]}?/revoke`,
			fields: { code: certificate, reason: ['x'] }
		}
	];
}

let world: World;
test.beforeAll(async ({ baseURL }) => {
	world = await buildWorld(baseURL!);
});

test.describe.configure({ mode: 'parallel' });

// More than there are targets (the extra ones skip): a new action is never left out.
for (let i = 0; i < 40; i++) {
	test(`form action #${i + 1}: malformed and odd input never gets a 5xx`, async ({ baseURL }) => {
		test.setTimeout(120_000 + RUNS * 400);
		const target = targets(world)[i];
		test.skip(!target, 'no such target');
		test
			.info()
			.annotations.push({ type: 'target', description: `${target.name} POST ${target.path}` });
		const ctx = await client(baseURL!, target.who);
		const origin = new URL(baseURL!).origin;
		let sent = 0;
		try {
			await fc.assert(
				fc.asyncProperty(
					body(target.fields),
					fc.constantFrom('text/html', 'application/json'),
					fc.constantFrom(origin, origin, origin, 'https://evil.example', undefined),
					requestTarget(target.path),
					method,
					extraHeaders,
					async (b, accept, requestOrigin, to, verb, extra) => {
						sent++;
						const headers: Record<string, string> = { ...extra, accept };
						if (b.contentType) headers['content-type'] = b.contentType;
						if (requestOrigin) headers.origin = requestOrigin;
						if (accept === 'application/json') headers['x-sveltekit-action'] = 'true';
						// Refused before it is read, a large body leaves the connection unusable: don't reuse it.
						if (b.data.length > 100_000) headers.connection = 'close';
						const withBody = !['GET', 'HEAD'].includes(verb.toUpperCase());
						let response;
						try {
							response = await ctx.fetch(to.url, {
								method: verb,
								headers,
								data: withBody ? b.data : undefined,
								maxRedirects: 0,
								failOnStatusCode: false
							});
						} catch (e) {
							// A body refused before it was read (403, 413) may meet a closed socket while still
							// being sent: that is the server saying no early, not failing — if it is still up.
							if (b.data.length > 100_000 && /EPIPE|ECONNRESET/.test(String(e))) {
								expect((await ctx.get('/healthz')).status()).toBe(200);
								return;
							}
							throw e;
						}
						if (response.status() >= 500) {
							record(target.name, {
								url: to.url,
								method: verb,
								status: response.status(),
								kind: `${to.kind}; ${b.kind}`,
								headers,
								body: b.data.subarray(0, 4096).toString('base64')
							});
						}
						expect(
							response.status(),
							`${target.name}: ${verb} ${to.url} (${to.kind}; ${b.kind})`
						).toBeLessThan(500);
					}
				),
				{ numRuns: RUNS }
			);
		} finally {
			console.log(`fuzz ${target.name}: ${sent} inputs`);
			await ctx.dispose();
		}
	});
}
