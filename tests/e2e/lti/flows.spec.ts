import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from '@playwright/test';
import { parse } from 'yaml';
import { frontmatter, lessonFolders, slugOf } from '../course-data';
import { expect, freshIp, register, test } from '../fixtures';
import { answerQuiz } from '../quiz/answer';
import { withServices, CUSTOM, type Advantage } from '../../lti/advantage';
import { ROLE, startPlatform, type FakePlatform } from '../../lti/platform';
import { registerByHand } from './register';

// The whole LTI Advantage story against the fake LMS: the platform on 127.0.0.1, Lernpfad on
// localhost inside its iframe (another site). Seeded through the platform, not the UI.
const PLATFORM_PORT = Number(process.env.E2E_PORT ?? 4173) + 91;
test.describe.configure({ mode: 'serial' });

let platform: FakePlatform;
let lms: Advantage;
const run = Date.now().toString(36);
const folder = lessonFolders[0];
const slug = slugOf(folder);
type Lang = 'en' | 'de';
const messages = (lang: Lang) =>
	JSON.parse(readFileSync(`messages/${lang}.json`, 'utf8')) as Record<string, string>;
const courseTitle = (lang: Lang) =>
	(parse(readFileSync('content/course.yaml', 'utf8')) as { title: Record<Lang, string> }).title[
		lang
	];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.beforeAll(async ({ browser, baseURL }) => {
	platform = await startPlatform({ port: PLATFORM_PORT, toolOrigin: new URL(baseURL!).origin });
	lms = withServices(platform);
	await registerByHand(browser, baseURL!, platform);
});
test.afterAll(() => platform?.close());

/** Opens the LMS course page with Lernpfad in its iframe; returns that frame. */
async function launch(page: Page, spec: Parameters<FakePlatform['launchUrl']>[0]) {
	await page.goto(platform.launchUrl(spec));
	return {
		tool: page.frameLocator('iframe[name="tool"]'),
		frame: () => page.frame({ name: 'tool' }) as Frame
	};
}

for (const lang of ['en', 'de'] as const) {
	const t = messages(lang);
	const context = { id: `flow-${lang}-${run}`, title: `LMS ${lang} ${run}` };
	const people = {
		teacher: { sub: `t-${lang}-${run}`, name: `Ines ${lang}`, roles: [ROLE.instructor] },
		learner: { sub: `l-${lang}-${run}`, name: `Lea ${lang}`, roles: [ROLE.learner] },
		never: { sub: `n-${lang}-${run}`, name: `Nina ${lang}`, roles: [ROLE.learner] }
	};

	test(`an instructor adds the course and a lesson by deep linking (${lang})`, async ({ page }) => {
		lms.members.set(
			context.id,
			Object.values(people).map((p) => ({ user_id: p.sub, roles: p.roles, name: p.name }))
		);
		const data = `opaque-${lang}-${run}`;
		const { tool } = await launch(page, {
			user: people.teacher,
			context,
			locale: lang,
			messageType: 'LtiDeepLinkingRequest',
			claims: lms.deepLinkingClaims(context.id, data)
		});
		const lessonTitle = frontmatter(folder, lang).title;
		await tool
			.getByRole('checkbox', { name: new RegExp(`^${escape(courseTitle(lang))}`) })
			.check({ timeout: 20_000 });
		await tool.getByRole('checkbox', { name: new RegExp(`^${escape(lessonTitle)}`) }).check();
		await tool.getByRole('button', { name: t.lti_dl_submit }).click();
		// The platform verified the reply (signature against Lernpfad's JWKS, iss = client id,
		// aud = issuer, deployment, fresh nonce) before it answers this.
		await expect(tool.locator('#result')).toHaveText('Added 2 item(s).', { timeout: 20_000 });

		const reply = lms.services.state.deepLinkReplies.at(-1)!;
		expect(reply.data).toBe(data);
		expect(reply.contentItems).toEqual([
			expect.objectContaining({
				type: 'ltiResourceLink',
				title: courseTitle(lang),
				lineItem: expect.objectContaining({
					label: courseTitle(lang),
					scoreMaximum: 100,
					resourceId: 'course'
				})
			}),
			expect.objectContaining({
				type: 'ltiResourceLink',
				title: lessonTitle,
				url: `${platform.toolOrigin}/learn/${slug}`,
				custom: { lesson: slug },
				lineItem: expect.objectContaining({
					label: lessonTitle,
					scoreMaximum: 100,
					resourceId: slug
				})
			})
		]);
		expect(lms.lineItem(context.id, 'course')).toBeTruthy();
		expect(lms.lineItem(context.id, slug)).toBeTruthy();
	});

	test(`a learner launches the deep-linked lesson, passes its quiz, the grade arrives in the LMS (${lang})`, async ({
		page
	}) => {
		const lineitem = lms.lineItem(context.id, slug)!;
		const { tool, frame } = await launch(page, {
			user: people.learner,
			context,
			locale: lang,
			resourceLinkId: `rl-${slug}`,
			target: `/learn/${slug}`,
			claims: { ...lms.serviceClaims(context.id, lineitem), [CUSTOM]: { lesson: slug } }
		});
		await expect(
			tool.getByRole('heading', { level: 1, name: frontmatter(folder, lang).title })
		).toBeVisible({ timeout: 20_000 });
		await answerQuiz(frame(), slug, true);
		await tool.getByRole('button', { name: t.quiz_submit }).click();
		await expect(tool.getByText(t.result_passed)).toBeVisible();

		// The app's score sender posts right after the attempt commits (it does not wait for a poll).
		await expect
			.poll(() =>
				lms.services.state.scores.filter(
					(s) => s.userId === people.learner.sub && s.lineItem === lineitem
				)
			)
			.toEqual([
				expect.objectContaining({
					scoreGiven: 100,
					scoreMaximum: 100,
					activityProgress: 'Completed',
					gradingProgress: 'FullyGraded'
				})
			]);
	});

	test(`an instructor's launch opens the class with the LMS roster, including who never launched (${lang})`, async ({
		page
	}) => {
		const { tool, frame } = await launch(page, {
			user: people.teacher,
			context,
			locale: lang,
			resourceLinkId: 'rl-course',
			target: '/',
			claims: lms.serviceClaims(context.id, lms.lineItem(context.id, 'course'))
		});
		await expect(tool.getByRole('heading', { level: 1, name: context.title })).toBeVisible({
			timeout: 20_000
		});
		const roster = tool.getByRole('region', {
			name: t.table_label.replace('{name}', t.lti_roster_title)
		});
		// The roster is fetched (NRPS, two pages) after the launch, beside the page: reload until it is in.
		await expect(async () => {
			await frame().goto(frame().url());
			await expect(roster.getByRole('row', { name: people.never.name })).toContainText(
				t.lti_roster_not_started,
				{ timeout: 1_000 }
			);
		}).toPass({ timeout: 20_000 });
		await expect(roster.getByRole('row', { name: people.learner.name })).toContainText(
			t.lti_roster_started
		);
	});
}

test('a learner from the LMS connects their existing Lernpfad account, once', async ({
	page,
	browser
}) => {
	test.slow(); // a registration and two launches
	const own = await browser.newPage({
		locale: 'en-GB',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const account = await register(own, { name: 'Konrad Konto' });
	await own.close();
	const t = messages('en');
	const context = { id: `connect-${run}`, title: `Connect ${run}` };
	const user = {
		sub: `c-${run}`,
		name: 'Konrad LMS',
		email: account.email, // the same address: still no silent merge
		roles: [ROLE.learner]
	};
	const { tool, frame } = await launch(page, {
		user,
		context,
		locale: 'en',
		target: `/learn/${slug}`
	});
	await expect(tool.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 });
	await tool.getByRole('link', { name: t.nav_settings }).click();
	// Its own account: the platform's e-mail belonged to another one, so it was not taken over.
	await expect(tool.getByLabel(t.field_name, { exact: true })).toHaveValue(user.name);
	await tool.getByRole('link', { name: t.settings_lti_link }).click();
	await expect(tool.getByRole('heading', { level: 1, name: t.lti_connect_title })).toBeVisible();
	// Lernpfad's page inside the LMS's, not the fake LMS around it.
	const axe = await new AxeBuilder({ page })
		.include('iframe[name="tool"]')
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
		.analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);
	await tool.getByLabel(t.field_email, { exact: true }).fill(account.email);
	await tool.getByLabel(t.field_password, { exact: true }).fill(account.password);
	await tool.getByRole('button', { name: t.lti_connect_submit }).click();
	await expect(tool.getByText(t.settings_lti_connected)).toBeVisible();
	await expect(tool.getByLabel(t.field_name, { exact: true })).toHaveValue(account.name);
	await expect(tool.getByRole('link', { name: t.settings_lti_link })).toHaveCount(0);

	// The next launch of that LMS user opens the connected account.
	const again = await launch(page, { user, context, locale: 'en', target: `/learn/${slug}` });
	await expect(again.tool.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 });
	await again.frame().goto(new URL('/settings', frame().url()).href);
	await expect(again.tool.getByLabel(t.field_name, { exact: true })).toHaveValue(account.name);
});
