import { E2E_ADMIN } from '../e2e-admin';
import { frontmatter, lessonFolders, slugOf } from '../course-data';
import { expect, expectNoAxeViolations, login, test } from '../fixtures';
import { ROLE, startPlatform, type FakePlatform } from '../../lti/platform';
import { metadataProblems, registrationControls } from '../../lti/platform-registration';

// The platform on 127.0.0.1, the tool on localhost: another site, as in a real LMS. Port +91:
// launch.spec.ts's platform has +90.
const PLATFORM_PORT = Number(process.env.E2E_PORT ?? 4173) + 92;
test.describe.configure({ mode: 'serial' });

let platform: FakePlatform;
const folder = lessonFolders[1];

test.beforeAll(async ({ baseURL }) => {
	platform = await startPlatform({ port: PLATFORM_PORT, toolOrigin: new URL(baseURL!).origin });
});
test.afterAll(() => platform?.close());

test.describe('German', () => {
	test.use({ locale: 'de-DE' });

	test('an LMS admin registers Lernpfad by its URL: LMS iframe, new window, close message, then a launch works', async ({
		page,
		context
	}) => {
		// Two windows, a launch and three axe runs: more than one page's worth of time.
		test.slow();
		const controls = registrationControls(platform);
		await page.goto(controls.adminPageUrl());
		const frame = page.frameLocator('iframe[name="registration"]');
		await expect(
			frame.getByRole('heading', { level: 1, name: 'Lernpfad in deinem LMS registrieren' })
		).toBeVisible({ timeout: 20_000 });
		// In the LMS's iframe the SameSite=Lax session cannot work: the page offers a new window.
		await expect(
			frame.getByText(/gibt dein Browser keine Anmeldung an Lernpfad weiter/)
		).toBeVisible();
		const [popup] = await Promise.all([
			context.waitForEvent('page'),
			frame.getByRole('link', { name: 'In neuem Fenster öffnen' }).click()
		]);
		await expect(popup.getByRole('button', { name: 'Anmelden und weiter' })).toBeVisible();
		await expectNoAxeViolations(popup);
		await popup.getByLabel('E-Mail-Adresse').fill(E2E_ADMIN.email);
		await popup.getByLabel('Passwort', { exact: true }).fill(E2E_ADMIN.password);
		await popup.getByRole('button', { name: 'Anmelden und weiter' }).click();

		await expect(popup.getByText(platform.issuer, { exact: true })).toBeVisible();
		await expect(popup.getByText('fake 1.0')).toBeVisible();
		await expectNoAxeViolations(popup);
		await popup.getByRole('button', { name: 'Diese Lernplattform registrieren' }).click();
		await expect(
			popup.getByRole('heading', { level: 1, name: 'Lernpfad ist registriert' })
		).toBeVisible();
		await expect(popup.getByText(`Client-ID ${platform.clientId}`)).toBeVisible();
		await expectNoAxeViolations(popup);

		// The close message went popup → our page in the LMS iframe → the LMS page.
		await expect(page.locator('#status')).toHaveText('closed');
		expect(platform.dynamic).toHaveLength(1);
		const { metadata } = platform.dynamic[0];
		expect(metadataProblems(metadata, platform.toolOrigin)).toEqual([]);
		expect(metadata['https://purl.imsglobal.org/spec/lti-tool-configuration']).toMatchObject({
			messages: expect.arrayContaining([
				expect.objectContaining({
					type: 'LtiDeepLinkingRequest',
					target_link_uri: `${platform.toolOrigin}/lti/launch`,
					placements: ['link_selection']
				})
			])
		});

		// The registration the LMS answered (client id, deployment id) carries a launch.
		await page.goto(
			platform.launchUrl({
				user: { sub: `dr-learner-${Date.now()}`, name: 'Dora Dynamisch', roles: [ROLE.learner] },
				context: { id: `dr-course-${Date.now()}`, title: 'Registriert per URL' },
				target: `/learn/${slugOf(folder)}`,
				locale: 'de'
			})
		);
		await expect(
			page
				.frameLocator('iframe[name="tool"]')
				.getByRole('heading', { level: 1, name: frontmatter(folder, 'de').title })
		).toBeVisible({ timeout: 20_000 });
	});
});

test.describe('English', () => {
	test.use({ locale: 'en-GB' });

	test('the admin sees the registration URL, and registering the same client again is refused', async ({
		page,
		baseURL
	}) => {
		await login(page, E2E_ADMIN.email, E2E_ADMIN.password);
		await page.waitForURL((url) => url.pathname !== '/login');
		await page.goto('/admin/lti');
		await expect(page.getByText(`${new URL(baseURL!).origin}/lti/register`)).toBeVisible();
		await expect(page.getByText(platform.clientId, { exact: true })).toBeVisible();

		const query = new URLSearchParams({
			openid_configuration: `${platform.url}/.well-known/openid-configuration`,
			registration_token: registrationControls(platform).issueToken()
		});
		await page.goto(`/lti/register?${query}`);
		await expect(page.getByText('This learning platform asks to connect Lernpfad')).toBeVisible();
		await page.getByRole('button', { name: 'Register this learning platform' }).click();
		await expect(
			page.getByText('This learning platform is already registered with this client ID.')
		).toBeVisible();
		await expectNoAxeViolations(page);
		// Without JavaScript, the same refusal is a 409 page.
		query.set('registration_token', registrationControls(platform).issueToken());
		const res = await page.request.post(`/lti/register?${query}&/confirm`, {
			headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
			form: {}
		});
		expect(res.status()).toBe(409);

		// A link whose configuration is not https (nor loopback in tests): a 400 page, no fetch.
		const bad = await page.goto('/lti/register?openid_configuration=ftp%3A%2F%2Flms.example.org');
		expect(bad?.status()).toBe(400);
		await expect(page.getByText('This registration link is incomplete or not valid')).toBeVisible();
	});
});
