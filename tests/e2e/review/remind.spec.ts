import { request as apiRequest } from '@playwright/test';
import { lessonFolders, slugOf } from '../course-data';
import { expect, expectNoAxeViolations, formHeaders, register, test } from '../fixtures';
import { linkIn, waitForMail } from '../mail/inbox';
import { submitQuizByFetch } from '../quiz/answer';

const slug = slugOf(lessonFolders[0]);
const DAY = 86_400_000;

// The browser's zone is what /settings offers before the learner chooses one.
test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

test('opt into review reminders, get the mail when reviews are due, leave with one click', async ({
	page,
	browser,
	baseURL,
	ip
}) => {
	test.setTimeout(120_000);
	const { email } = await register(page);
	await submitQuizByFetch(page, slug, true);

	await page.goto('/settings');
	const section = page.locator('section', {
		has: page.getByRole('heading', { name: 'Review reminders' })
	});
	await expect(section.getByLabel('Time zone')).toHaveValue('America/New_York');
	await section.getByLabel('Remind me when reviews are due').selectOption('daily');
	await section.getByRole('button', { name: 'Save review reminders' }).click();
	await expect(section.getByRole('status')).toHaveText(
		'You will get a reminder on days when reviews are due.'
	);
	await expectNoAxeViolations(page);

	// Two days on, 15:00 UTC (10:00 or 11:00 in New York): the pass's questions are due.
	const later = new Date(Date.now() + 2 * DAY);
	later.setUTCHours(15, 0, 0, 0);
	const sweep = () =>
		page.request.post('/dev/review-reminders', {
			form: {},
			headers: { ...formHeaders(baseURL, ip), 'x-test-now': later.toISOString() }
		});
	expect((await sweep()).status()).toBe(200);
	// A second sweep (another process, a minute later) sends nothing more.
	await sweep();
	const mail = await waitForMail(email, { subject: /questions? due for review/ });
	expect(mail.text).toContain(`${baseURL}/review`);
	const link = linkIn(mail, '/unsubscribe/');
	const headers = mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
	expect(headers).toMatch(new RegExp(`^List-Unsubscribe: <${link}>$`, 'm'));
	expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

	// A link scanner (or the learner) opens it, signed out: a button, nothing changes yet.
	const anonymous = await browser.newContext();
	const scanner = await anonymous.newPage();
	await scanner.goto(link);
	await expect(scanner.getByRole('button', { name: 'Unsubscribe' })).toBeVisible();
	await expectNoAxeViolations(scanner);
	await anonymous.close();
	await page.goto('/settings');
	await expect(section.getByLabel('Remind me when reviews are due')).toHaveValue('daily');

	// The mail provider's one-click POST: no session, no Origin (RFC 8058).
	const provider = await apiRequest.newContext();
	// Without the one-click body: refused (a 400, not a 500), and nothing changes.
	const bare = await provider.post(link, {
		form: { other: 'x' },
		headers: { accept: 'text/html' }
	});
	expect(bare.status()).toBe(400);
	const response = await provider.post(link, {
		form: { 'List-Unsubscribe': 'One-Click' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(200);
	await provider.dispose();

	await page.reload();
	await expect(section.getByLabel('Remind me when reviews are due')).toHaveValue('off');
	expect(await sweep().then((r) => r.json())).toEqual({ queued: 0 });
});

test('an unknown unsubscribe link is a 404 in the visitor’s language, GET or POST', async ({
	baseURL
}) => {
	const visitor = await apiRequest.newContext({
		baseURL,
		extraHTTPHeaders: { 'accept-language': 'de-CH,de;q=0.9', accept: 'text/html' }
	});
	for (const token of ['a'.repeat(32), 'nonsense', '%C3%A9t%C3%A9']) {
		const get = await visitor.get(`/unsubscribe/${token}`);
		expect(get.status()).toBe(404);
		expect(await get.text()).toContain('Dieser Abmeldelink ist ungültig');
		const post = await visitor.post(`/unsubscribe/${token}`, {
			form: { 'List-Unsubscribe': 'One-Click' }
		});
		expect(post.status()).toBe(404);
	}
	const bare = await visitor.post(`/unsubscribe/${'b'.repeat(32)}`, { form: { other: 'x' } });
	expect(bare.status()).toBe(404);
	await visitor.dispose();
});
