import { frontmatter, lessonFolders, slugOf } from '../course-data';
import { expect, test } from '../fixtures';
import { ROLE, startPlatform, type FakePlatform } from '../../lti/platform';
import { registerByHand } from './register';

// The platform on 127.0.0.1, the tool on localhost: another site, as in a real LMS.
const PLATFORM_PORT = Number(process.env.E2E_PORT ?? 4173) + 90;
test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-GB' });

let platform: FakePlatform;
const folder = lessonFolders[2];
const run = Date.now().toString(36);

test.beforeAll(async ({ browser, baseURL }) => {
	platform = await startPlatform({ port: PLATFORM_PORT, toolOrigin: new URL(baseURL!).origin });
	await registerByHand(browser, baseURL!, platform);
});
test.afterAll(() => platform?.close());

const context = { id: `course-${run}`, title: `Virtualisierung ${run}` };

for (const locale of ['en', 'de'] as const) {
	test(`a learner launches into a lesson inside the LMS iframe, signed in (${locale})`, async ({
		page
	}) => {
		// A visitor's view of the lesson, which the server keeps for a minute: not for the learner.
		await page.goto(`/learn/${slugOf(folder)}`);
		const url = platform.launchUrl({
			user: { sub: `learner-${locale}-${run}`, name: `Lea ${locale}`, roles: [ROLE.learner] },
			context,
			target: `/learn/${slugOf(folder)}`,
			locale,
			storage: locale === 'de',
			loginByGet: locale === 'de'
		});
		await page.goto(url);
		const tool = page.frameLocator('iframe[name="tool"]');
		await expect(
			tool.getByRole('heading', { level: 1, name: frontmatter(folder, locale).title })
		).toBeVisible({ timeout: 20_000 });
		// Signed in inside the frame: the account menu, not a sign-in link.
		await expect(tool.getByRole('link', { name: /^(Anmelden|Sign in)$/ })).toHaveCount(0);
		// A learner's session does not open instructor pages.
		const frame = page.frame({ name: 'tool' })!;
		const res = await frame.goto(new URL('/instructor', frame.url()).href);
		expect(res?.status()).toBe(403);
	});
}

test('an instructor launches onto the class page of the LMS course', async ({ page }) => {
	await page.goto(
		platform.launchUrl({
			user: { sub: `teacher-${run}`, name: 'Ines Lehrend', roles: [ROLE.instructor] },
			context,
			locale: 'en'
		})
	);
	const tool = page.frameLocator('iframe[name="tool"]');
	await expect(tool.getByRole('heading', { level: 1, name: context.title })).toBeVisible({
		timeout: 20_000
	});
	await expect(tool.getByText('Lea en')).toBeVisible();
});

test('a refused launch goes back to the LMS with lti_errormsg', async ({ page }) => {
	await page.goto(
		platform.launchUrl({
			user: { sub: `late-${run}`, roles: [ROLE.learner] },
			context,
			returnUrl: `${platform.url}/return`,
			tamper: (c) => {
				c.exp = Math.floor(Date.now() / 1000) - 600;
			}
		})
	);
	const tool = page.frameLocator('iframe[name="tool"]');
	await expect(tool.locator('#msg')).toContainText('expired', { timeout: 20_000 });
});
