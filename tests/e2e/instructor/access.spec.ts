import type { APIRequestContext } from '@playwright/test';
import { expect, formHeaders, freshIp, test } from '../fixtures';
import { answerQuiz } from '../quiz/answer';
import { actor, createClassVia, setRoleViaAdmin, type Actor } from './world';

type Who = 'anonymous' | 'learner' | 'owner' | 'other instructor' | 'admin';

/** Every instructor/admin route × every kind of visitor: who gets in, who gets 303 to sign in, 403 or 404. */
test.describe.serial('access matrix', () => {
	let actors: Record<Exclude<Who, 'anonymous'>, Actor>;
	let anonymous: APIRequestContext;
	let classId: string;
	let learnerId: string;
	let otherClassId: string;

	test.beforeAll(async ({ browser, playwright, baseURL }) => {
		test.setTimeout(240_000);
		const admin = await actor(browser, 'admin');
		const owner = await actor(browser, 'new', 'Owner Olga');
		const other = await actor(browser, 'new', 'Other Otto');
		const learner = await actor(browser, 'new', 'Learner Lou');
		await setRoleViaAdmin(admin.page, owner.email, 'instructor');
		await setRoleViaAdmin(admin.page, other.email, 'instructor');
		otherClassId = (await createClassVia(other.page, 'Other class')).id;
		const created = await createClassVia(owner.page, 'Joined class');
		classId = created.id;
		const joinUrl = created.joinUrl;
		await learner.page.goto(new URL(joinUrl).pathname);
		await learner.page.getByRole('button', { name: 'Join' }).click();
		await learner.page.goto('/learn/introduction');
		await answerQuiz(learner.page, 'introduction', true);
		await learner.page.getByRole('button', { name: 'Submit answers' }).click();
		await owner.page.goto(`/instructor/classes/${classId}`);
		learnerId = (await owner.page.locator('table.matrix tbody th a').first().getAttribute('href'))!
			.split('/')
			.pop()!;
		actors = { admin, owner, 'other instructor': other, learner };
		anonymous = await playwright.request.newContext({
			baseURL,
			extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
		});
	});

	test.afterAll(async () => {
		for (const a of Object.values(actors ?? {})) await a.context.close();
		await anonymous?.dispose();
	});

	const request = (who: Who) => (who === 'anonymous' ? anonymous : actors[who].page.request);

	const routes = () => [
		{ path: '/instructor', allowed: ['owner', 'other instructor', 'admin'], denied: 403 },
		{ path: `/instructor/classes/${classId}`, allowed: ['owner', 'admin'], denied: 404 },
		{
			path: `/instructor/classes/${classId}/learners/${learnerId}`,
			allowed: ['owner', 'admin'],
			denied: 404
		},
		{ path: `/instructor/classes/${classId}/export.csv`, allowed: ['owner', 'admin'], denied: 404 },
		{
			path: `/instructor/classes/${classId}/__data.json`,
			allowed: ['owner', 'admin'],
			denied: 404
		},
		{ path: '/admin', allowed: ['admin'], denied: 403 },
		{ path: '/admin/audit', allowed: ['admin'], denied: 403 },
		{ path: '/admin/__data.json', allowed: ['admin'], denied: 403 }
	];

	for (const who of ['anonymous', 'learner', 'owner', 'other instructor', 'admin'] as Who[]) {
		test(`GET as ${who}`, async () => {
			for (const route of routes()) {
				const response = await request(who).get(route.path, { maxRedirects: 0 });
				const status = response.status();
				const json = route.path.endsWith('__data.json');
				// A learner is refused by role (403); another instructor finds no such class (404).
				const denied = who === 'learner' ? 403 : route.denied;
				if (route.allowed.includes(who)) {
					expect(status, `${who} ${route.path}`).toBe(200);
				} else if (who === 'anonymous') {
					// Pages redirect to sign in; __data.json answers 200 with a redirect node.
					if (json) expect(await response.text(), route.path).toContain('"type":"redirect"');
					else expect([303, 302], `${who} ${route.path}`).toContain(status);
				} else if (json) {
					expect(await response.text(), `${who} ${route.path}`).toContain(`"status":${denied}`);
				} else {
					expect(status, `${who} ${route.path}`).toBe(denied);
				}
				// No learner data leaks to anyone who is not allowed.
				if (!route.allowed.includes(who))
					expect(await response.text()).not.toContain(actors.learner.email);
			}
		});
	}

	test('changed ids in paths and forms find nothing', async () => {
		const owner = actors.owner.page.request;
		const other = actors['other instructor'].page.request;
		const headers = formHeaders(test.info().project.use.baseURL);
		expect(
			(await owner.get(`/instructor/classes/${otherClassId}`, { maxRedirects: 0 })).status()
		).toBe(404);
		expect((await owner.get('/instructor/classes/not-an-id', { maxRedirects: 0 })).status()).toBe(
			404
		);
		expect(
			(await owner.get(`/instructor/classes/${'a'.repeat(24)}`, { maxRedirects: 0 })).status()
		).toBe(404);
		expect(
			(await owner.get(`/instructor/classes/${otherClassId}/learners/${learnerId}`)).status()
		).toBe(404);
		// Another instructor cannot act on this class, by any action.
		for (const action of ['regenerate', 'archive', 'remove']) {
			const response = await other.post(`/instructor/classes/${classId}?/${action}`, {
				headers,
				form: { userId: learnerId },
				maxRedirects: 0
			});
			expect(response.status(), action).toBe(404);
		}
		// The learner is still in the class.
		await actors.owner.page.goto(`/instructor/classes/${classId}`);
		await expect(actors.owner.page.locator('table.matrix tbody tr')).toHaveCount(1);
		// A learner cannot use admin actions.
		const denied = await actors.learner.page.request.post('/admin?/role', {
			headers,
			form: { userId: learnerId, role: 'admin' },
			maxRedirects: 0
		});
		expect(denied.status()).toBe(403);
	});
});
