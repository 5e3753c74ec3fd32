import { expect, expectNoAxeViolations, freshIp, goodPassword, test } from '../fixtures';
import { actor, createClassVia, setRoleViaAdmin } from '../instructor/world';

/** The code as a person might type it from a projector: lower case, a space and a dash. */
const sloppy = (code: string) => `${code.slice(0, 4).toLowerCase()} - ${code.slice(4)}`;

test.describe.configure({ mode: 'serial' });

let code = '';
let archivedCode = '';

test.beforeAll(async ({ browser }) => {
	test.setTimeout(240_000);
	const admin = await actor(browser, 'admin');
	const teacher = await actor(browser, 'new', 'Jana Join');
	await setRoleViaAdmin(admin.page, teacher.email, 'instructor');
	code = (await createClassVia(teacher.page, 'Join by code')).joinUrl.split('/').pop()!;
	archivedCode = (await createClassVia(teacher.page, 'Old class')).joinUrl.split('/').pop()!;
	await teacher.page.getByRole('link', { name: 'Archive class' }).click();
	await teacher.page.getByRole('button', { name: 'Archive the class' }).click();
	await teacher.page
		.getByText(/nobody can join any more/)
		.first()
		.waitFor();
	await admin.context.close();
	await teacher.context.close();
});

test('a signed-in learner joins by typing the code on /learn', async ({ browser }) => {
	const learner = await actor(browser, 'new', 'Kai Code');
	const page = learner.page;
	await page.goto('/learn');
	const form = page.locator('form.join-form');
	await expect(form.getByRole('heading', { name: 'Join a class' })).toBeVisible();
	// axe: tests/e2e/a11y/pages.spec.ts checks a new learner's /learn, this form included.

	// A wrong-length code: a clear message right at the field, focus on it.
	await form.getByLabel('Join code').fill('abc');
	await form.getByRole('button', { name: 'Join' }).click();
	await expect(form.getByRole('alert')).toHaveText(/A join code has 8 letters and digits/);
	await expect(form.getByLabel('Join code')).toBeFocused();
	await expect(form.getByLabel('Join code')).toHaveAttribute('aria-invalid', 'true');

	// Well-formed but unknown.
	await form.getByLabel('Join code').fill('KM7P-QX3T');
	await form.getByRole('button', { name: 'Join' }).click();
	await expect(form.getByRole('alert')).toHaveText(/There is no class with this code/);

	await form.getByLabel('Join code').fill(sloppy(code));
	await form.getByRole('button', { name: 'Join' }).click();
	await page.waitForURL(new RegExp(`/join/${code}\\?joined=1$`));
	await expect(page.getByRole('status').first()).toHaveText(
		'You are now in the class “Join by code”.'
	);
	await page.goto('/learn');
	await expect(page.getByText(/Join by code \(Jana Join\)/)).toBeVisible();
	await learner.context.close();
});

test('without JavaScript: bad codes get a 4xx page with the message, a good one joins', async ({
	browser
}) => {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		locale: 'de-DE',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const page = await context.newPage();
	await page.goto('/register');
	await page.getByLabel(/^Name$/).fill('Nora Ohnejs');
	await page.getByLabel('E-Mail-Adresse').fill(`nora-${Date.now()}@example.com`);
	await page.getByLabel('Passwort', { exact: true }).fill('Nora-lernt-ohne-Skript');
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	// "Check your inbox" first; a new learner may study before confirming.
	await page.getByRole('link', { name: 'Weiter zum Kurs' }).click();
	await page.waitForURL(/\/learn/);

	const submit = async (typed: string) => {
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/join') && r.request().method() === 'POST'),
			(async () => {
				await page.locator('form.join-form').getByLabel('Beitrittscode').fill(typed);
				await page.locator('form.join-form').getByRole('button', { name: 'Beitreten' }).click();
			})()
		]);
		return response;
	};
	expect((await submit('12')).status()).toBe(400);
	await expect(page.getByRole('alert')).toHaveText(/Ein Beitrittscode hat 8 Buchstaben/);
	await expect(page.getByLabel('Beitrittscode')).toHaveValue('12');

	expect((await submit(sloppy(archivedCode))).status()).toBe(410);
	await expect(page.getByRole('alert')).toHaveText(/Diese Klasse ist archiviert/);

	await submit(sloppy(code));
	await page.waitForURL(new RegExp(`/join/${code}\\?joined=1$`));
	await expect(page.getByRole('status').first()).toHaveText(
		'Du bist jetzt in der Klasse „Join by code“.'
	);
	await context.close();
});

test('a visitor types the code on the home page, registers, and is in the class', async ({
	browser
}) => {
	const context = await browser.newContext({
		locale: 'en-US',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const page = await context.newPage();
	await page.goto('/');
	const form = page.locator('form.join-form');
	await form.getByLabel('Join code').fill(` ${code.toLowerCase()} `);
	await form.getByRole('button', { name: 'Join' }).click();
	await page.waitForURL(new RegExp(`/join/${code}$`));
	await expect(
		page.getByText('You are invited to the class “Join by code” by Jana Join.')
	).toBeVisible();
	await page.getByRole('link', { name: 'Register' }).last().click();
	await page.getByLabel('Name').fill('Vera Visitor');
	await page.getByLabel('Email address').fill(`vera-${Date.now()}@example.com`);
	await page.getByLabel('Password', { exact: true }).fill('Vera-besucht-den-Kurs');
	await page.getByRole('button', { name: 'Create account' }).click();
	// "Check your inbox" already says the class was joined, and does not repeat "please confirm" (V27).
	await expect(page.getByRole('status')).toContainText('You are now in the class “Join by code”.');
	await page.getByRole('link', { name: 'Continue to the course' }).click();
	await page.waitForURL(new RegExp(`/join/${code}\\?joined=1$`));
	await expect(page.getByRole('status').first()).toHaveText(
		'You are now in the class “Join by code”.'
	);
	await expect(page.getByText('Please confirm your email address')).toHaveCount(0);
	// On /learn, a learner in a class gets a small link, not the large join card (V23).
	await page.goto('/learn');
	await expect(page.locator('form.join-form')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Join another class' })).toHaveAttribute(
		'href',
		'/join'
	);
	await context.close();
});

test('the link of an archived class says so once, under a fitting title (410)', async ({
	page
}) => {
	const response = await page.goto(`/join/${archivedCode}`);
	expect(response?.status()).toBe(410);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('No longer available');
	await expect(page.locator('main')).toContainText(
		'This class is archived. Joining is no longer possible.'
	);
	await expect(page.locator('main')).not.toContainText('Something went wrong');
});

test('a sign-in link to a class names it and joins only when the box is ticked (L7)', async ({
	browser
}) => {
	const learner = await actor(browser, 'new', 'Lia Link');
	const page = learner.page;
	const signIn = async (tick: boolean) => {
		await learner.context.clearCookies();
		await page.goto(`/login?next=${encodeURIComponent(`/join/${code}`)}`);
		await expect(
			page.getByText('This sign-in link invites you to the class “Join by code”.', { exact: false })
		).toBeVisible();
		const box = page.getByRole('checkbox', {
			name: 'Join the class “Join by code” after signing in'
		});
		await expect(box).not.toBeChecked();
		if (tick) await box.check();
		await page.getByLabel('Email address').fill(learner.email);
		await page.getByLabel('Password', { exact: true }).fill(goodPassword);
		await page.getByRole('button', { name: 'Sign in' }).click();
	};
	await signIn(false);
	await page.waitForURL(new RegExp(`/join/${code}$`));
	await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
	await expectNoAxeViolations(page);

	await signIn(true);
	await page.waitForURL(new RegExp(`/join/${code}\\?joined=1$`));
	await expect(page.getByRole('status').first()).toHaveText(
		'You are now in the class “Join by code”.'
	);
	await learner.context.close();
});
