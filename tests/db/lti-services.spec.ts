import { eq, sql } from 'drizzle-orm';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import type { VerifiedLaunch } from '../../src/lib/server/lti/claims';
import { ltiAccessToken, ltiScoreOutbox } from '../../src/lib/server/db/schema';
import { listLineItems, postScore } from '../../src/lib/server/lti/ags';
import {
	deepLinkingResponse,
	deepLinkRequest,
	startDeepLinking
} from '../../src/lib/server/lti/deep-linking';
import { rosterOfClass, syncRoster } from '../../src/lib/server/lti/nrps';
import { scoreProblems, sendDueScores } from '../../src/lib/server/lti/score-outbox';
import { accessToken, SCOPES } from '../../src/lib/server/lti/token';
import { createUser } from '../../src/lib/server/users';
import { seedCourse, startHarness, type Harness } from '../lti/harness';
import { takeQuiz, trueFalseQuiz } from './quiz-fixtures';
import { drivers, freshDatabase, type TestDatabase } from './helpers';

const makeDue = (db: Db) => db.update(ltiScoreOutbox).set({ nextAttemptAt: sql`now()` });
const outbox = (db: Db, userId: string) =>
	db.select().from(ltiScoreOutbox).where(eq(ltiScoreOutbox.userId, userId));

describe.each(drivers)('LTI services on %s', (kind) => {
	let t: TestDatabase;
	let h: Harness;
	let options: { signingKey: Harness['signingKey'] };
	beforeAll(async () => {
		[t, h] = await Promise.all([freshDatabase(kind), startHarness(2)]);
		options = { signingKey: h.signingKey };
	});
	afterAll(async () => {
		await h.close();
		await t.destroy();
	});

	it('asks for an access token once per platform and scopes, and again near its expiry', async () => {
		const course = await seedCourse(t.db, h);
		await t.db.delete(ltiAccessToken);
		const before = h.services.state.tokenRequests;
		const first = await accessToken(
			t.db,
			course.platform,
			[SCOPES.score, SCOPES.lineitem],
			options
		);
		// The same scopes in another order are the same cached token.
		const again = await accessToken(
			t.db,
			course.platform,
			[SCOPES.lineitem, SCOPES.score],
			options
		);
		expect(again).toBe(first);
		expect(h.services.state.tokenRequests).toBe(before + 1);
		await accessToken(t.db, course.platform, [SCOPES.memberships], options);
		expect(h.services.state.tokenRequests).toBe(before + 2);
		// 30 s before expiry it is no longer used.
		const late = new Date(Date.now() + 3570_000);
		const renewed = await accessToken(t.db, course.platform, [SCOPES.score, SCOPES.lineitem], {
			...options,
			now: late
		});
		expect(renewed).not.toBe(first);
		const stored = await t.db
			.select()
			.from(ltiAccessToken)
			.where(eq(ltiAccessToken.platformId, course.platformId));
		expect(stored).toHaveLength(2);
	});

	it('is refused by the token endpoint when the assertion is signed by another key', async () => {
		const course = await seedCourse(t.db, h);
		const stranger = await startHarness();
		try {
			await expect(
				accessToken(t.db, course.platform, [SCOPES.score], { signingKey: stranger.signingKey })
			).rejects.toMatchObject({ message: expect.stringContaining('invalid_client') });
		} finally {
			await stranger.close();
		}
	});

	it("queues a learner's best percent for the lesson, and nothing for a learner without an LTI link", async () => {
		const course = await seedCourse(t.db, h);
		const lineitem = await course.link('intro');
		const learner = await course.learner('s-best');
		const quiz = trueFalseQuiz(5);
		await takeQuiz(t.db, { userId: learner, lesson: 'intro', quiz, right: (_, i) => i < 4 });
		await takeQuiz(t.db, { userId: learner, lesson: 'intro', quiz, right: (_, i) => i < 2 });
		const rows = await outbox(t.db, learner);
		// The first attempt's score was still waiting: superseded by the second's (same best: 80).
		const waiting = rows.filter((r) => !r.sentAt);
		expect(waiting).toHaveLength(1);
		expect(waiting[0]).toMatchObject({ lineitemUrl: lineitem, resourceId: 'intro' });
		expect(waiting[0].payload).toMatchObject({
			userId: 's-best',
			scoreGiven: 80,
			scoreMaximum: 100,
			activityProgress: 'Completed',
			gradingProgress: 'FullyGraded'
		});
		expect((waiting[0].payload as { timestamp: string }).timestamp).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
		);

		const local = await createUser(t.db, {
			email: 'local-only@example.com',
			name: 'Local',
			password: 'Hypervisor-Typ-1-und-2'
		});
		await takeQuiz(t.db, { userId: local!.id, lesson: 'intro', quiz, right: () => true });
		expect(await outbox(t.db, local!.id)).toHaveLength(0);
	});

	it('posts the course score once every lesson is passed', async () => {
		const course = await seedCourse(t.db, h);
		await course.link('course');
		const learner = await course.learner('s-course');
		const quiz = trueFalseQuiz(5);
		const lessons = ['a', 'b'];
		const c = { lessons, locale: 'de' as const };
		await takeQuiz(t.db, { userId: learner, lesson: 'a', quiz, right: () => true, course: c });
		expect((await outbox(t.db, learner)).filter((r) => r.resourceId === 'course')).toHaveLength(0);
		await takeQuiz(t.db, { userId: learner, lesson: 'b', quiz, right: (_, i) => i < 4, course: c });
		const courseRows = (await outbox(t.db, learner)).filter((r) => r.resourceId === 'course');
		expect(courseRows).toHaveLength(1);
		expect(courseRows[0].payload).toMatchObject({ scoreGiven: 90, activityProgress: 'Completed' });
	});

	it('keeps scores while the platform is down and delivers them when it is back', async () => {
		const course = await seedCourse(t.db, h);
		const lineitem = await course.link('down');
		const learner = await course.learner('s-down');
		await takeQuiz(t.db, {
			userId: learner,
			lesson: 'down',
			quiz: trueFalseQuiz(5),
			right: () => true
		});
		h.services.state.down = true;
		try {
			await makeDue(t.db);
			await sendDueScores(t.db, options);
		} finally {
			h.services.state.down = false;
		}
		const [waiting] = await outbox(t.db, learner);
		expect(waiting).toMatchObject({ attempts: 1, lastStatus: 503, sentAt: null, givenUpAt: null });
		expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
		// Not due yet: nothing is posted before the backoff ran out.
		await sendDueScores(t.db, options);
		expect(h.services.state.scores.filter((s) => s.lineItem === lineitem)).toHaveLength(0);
		await makeDue(t.db);
		await sendDueScores(t.db, options);
		expect(h.services.state.scores.filter((s) => s.lineItem === lineitem)).toEqual([
			expect.objectContaining({ userId: 's-down', scoreGiven: 100 })
		]);
		const [sent] = await outbox(t.db, learner);
		expect(sent.sentAt).not.toBeNull();
		expect(sent.lastStatus).toBe(200);
	});

	it('records a refusal (learner not in the LMS course) without retrying it, and shows it to the instructor', async () => {
		const course = await seedCourse(t.db, h);
		await course.link('refused');
		const learner = await course.learner('s-gone', { member: false });
		await takeQuiz(t.db, {
			userId: learner,
			lesson: 'refused',
			quiz: trueFalseQuiz(5),
			right: () => true
		});
		await makeDue(t.db);
		await sendDueScores(t.db, options);
		const requests = h.services.state.scoreRequests.length;
		await makeDue(t.db);
		await sendDueScores(t.db, options);
		expect(h.services.state.scoreRequests.length).toBe(requests);
		const [row] = await outbox(t.db, learner);
		expect(row).toMatchObject({ attempts: 1, lastStatus: 422, sentAt: null });
		expect(row.givenUpAt).not.toBeNull();
		expect(await scoreProblems(t.db, course.classId)).toEqual([
			expect.objectContaining({
				learner: 'Learner s-gone',
				resourceId: 'refused',
				givenUp: true,
				lastStatus: 422
			})
		]);
	});

	it('finds the line item by resourceId when no launched link names it', async () => {
		const course = await seedCourse(t.db, h);
		const item = h.services.addLineItem(course.context, {
			label: 'L',
			scoreMaximum: 100,
			resourceId: 'found'
		});
		const learner = await course.learner('s-find');
		await takeQuiz(t.db, {
			userId: learner,
			lesson: 'found',
			quiz: trueFalseQuiz(5),
			right: () => true
		});
		expect((await outbox(t.db, learner))[0].lineitemUrl).toBeNull();
		await makeDue(t.db);
		await sendDueScores(t.db, options);
		expect(h.services.state.scores.filter((s) => s.lineItem === item.id)).toHaveLength(1);
		expect((await outbox(t.db, learner))[0].lineitemUrl).toBe(item.id);
		expect(
			await listLineItems(
				t.db,
				course.platform,
				h.services.lineitemsUrl(course.context),
				{ resourceId: 'found' },
				options
			)
		).toHaveLength(1);
	});

	it('posts each score once when several workers run at the same time', async () => {
		const course = await seedCourse(t.db, h);
		const lineitem = await course.link('race');
		const quiz = trueFalseQuiz(5);
		for (let i = 0; i < 12; i++) {
			const learner = await course.learner(`s-race-${i}`);
			await takeQuiz(t.db, { userId: learner, lesson: 'race', quiz, right: () => true });
		}
		await makeDue(t.db);
		const others = kind === 'postgres' ? await Promise.all([t.reopen(), t.reopen()]) : [];
		const dbs = [t.db, ...others.map((o) => o.db)];
		await Promise.all([...dbs, ...dbs].map((db) => sendDueScores(db, options)));
		const posted = h.services.state.scoreRequests.filter((r) => String(r.body).includes('s-race-'));
		expect(posted).toHaveLength(12);
		expect(h.services.state.scores.filter((s) => s.lineItem === lineitem)).toHaveLength(12);
	});

	it('refuses a score the platform finds invalid', async () => {
		const course = await seedCourse(t.db, h);
		const lineitem = await course.link('strict');
		await course.learner('s-strict');
		const base = {
			userId: 's-strict',
			activityProgress: 'Completed',
			gradingProgress: 'FullyGraded',
			timestamp: new Date().toISOString()
		} as const;
		await expect(
			postScore(
				t.db,
				course.platform,
				lineitem,
				{ ...base, scoreGiven: 101, scoreMaximum: 100 },
				options
			)
		).rejects.toMatchObject({ status: 400, permanent: true });
		await expect(
			postScore(t.db, course.platform, lineitem, { ...base, timestamp: '' }, options)
		).rejects.toMatchObject({ status: 400 });
		await expect(
			postScore(
				t.db,
				course.platform,
				lineitem,
				{ ...base, scoreGiven: 7, scoreMaximum: 10 },
				options
			)
		).resolves.toBe(200);
	});

	it('reads the whole roster page by page and marks who never launched', async () => {
		const course = await seedCourse(t.db, h);
		const launched = await course.learner('s-r0');
		for (let i = 1; i <= 4; i++)
			h.members.get(course.context)!.push({
				user_id: `s-r${i}`,
				roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
				name: `Member ${i}`,
				email: `m${i}@example.com`
			});
		h.members.get(course.context)!.push({
			user_id: 's-t',
			roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
			given_name: 'Tea',
			family_name: 'Cher'
		} as never);
		// 6 members, 2 a page: three pages, linked by `rel="next"`.
		expect(await syncRoster(t.db, course.contextRowId, options)).toBe(6);
		const [roster] = await rosterOfClass(t.db, course.classId);
		expect(roster.members).toHaveLength(6);
		expect(roster.members.filter((m) => m.userId === launched)).toHaveLength(1);
		expect(roster.members.filter((m) => m.userId === null && !m.instructor)).toHaveLength(4);
		expect(roster.members.find((m) => m.sub === 's-t')).toMatchObject({
			name: 'Tea Cher',
			instructor: true
		});
		// A member the platform no longer lists is gone after the next refresh.
		h.members.get(course.context)!.splice(1, 1);
		expect(await syncRoster(t.db, course.contextRowId, options)).toBe(5);
		expect((await rosterOfClass(t.db, course.classId))[0].members).toHaveLength(5);
	});

	it('answers a deep-linking request with a signed reply the platform accepts, once', async () => {
		const course = await seedCourse(t.db, h);
		const request = {
			'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'dep-1',
			'https://purl.imsglobal.org/spec/lti/claim/roles': [
				'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'
			],
			'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
				deep_link_return_url: h.services.deepLinkReturnUrl(course.context),
				accept_types: ['ltiResourceLink'],
				accept_multiple: true,
				data: 'opaque-123'
			}
		};
		const launch = {
			platformId: course.platformId,
			deploymentId: 'dep-1',
			messageType: 'LtiDeepLinkingRequest',
			claims: request
		} as unknown as VerifiedLaunch;
		const learnerLaunch = {
			...launch,
			claims: {
				...request,
				'https://purl.imsglobal.org/spec/lti/claim/roles': [
					'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
				]
			}
		} as unknown as VerifiedLaunch;
		await expect(startDeepLinking(learnerLaunch, t.db)).rejects.toThrow('not_instructor');
		const path = await startDeepLinking(launch, t.db);
		const token = path.split('/').pop()!;
		expect(await deepLinkRequest(t.db, token)).toBeDefined();
		const reply = await deepLinkingResponse(
			t.db,
			token,
			[
				{ target: 'course', title: 'Whole course' },
				{ target: 'intro', title: 'Intro' }
			],
			'http://localhost:6400',
			options
		);
		expect(reply!.returnUrl).toBe(h.services.deepLinkReturnUrl(course.context));
		const { payload: claims, protectedHeader } = await jwtVerify(reply!.jwt, h.publicKey, {
			issuer: 'tool-client',
			audience: h.base
		});
		expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'test-key' });
		expect(claims).toMatchObject({
			'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
			'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
			'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'dep-1',
			'https://purl.imsglobal.org/spec/lti-dl/claim/data': 'opaque-123'
		});
		expect(claims.nonce).toEqual(expect.any(String));
		const items = claims['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'];
		expect(items).toEqual([
			expect.objectContaining({
				type: 'ltiResourceLink',
				url: 'http://localhost:6400/',
				lineItem: {
					label: 'Whole course',
					scoreMaximum: 100,
					resourceId: 'course',
					tag: 'lernpfad'
				}
			}),
			expect.objectContaining({
				url: 'http://localhost:6400/learn/intro',
				custom: { lesson: 'intro' }
			})
		]);
		// The platform verifies the reply against the tool's JWKS and makes the grade columns.
		const response = await fetch(reply!.returnUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ JWT: reply!.jwt })
		});
		expect(response.status).toBe(200);
		const columns = [...h.services.state.lineItems.values()].filter(
			(i) => i.context === course.context
		);
		expect(columns.map((c) => c.resourceId).sort()).toEqual(['course', 'intro']);
		// One reply per picker: the token is used up.
		expect(
			await deepLinkingResponse(
				t.db,
				token,
				[{ target: 'course', title: 'x' }],
				'http://localhost:6400',
				options
			)
		).toBeUndefined();
	});
});
