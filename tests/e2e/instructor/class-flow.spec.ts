import {
	continueAfterRegistering,
	expect,
	expectNoAxeViolations,
	freshIp,
	test
} from '../fixtures';
import { answerQuiz } from '../quiz/answer';
import { actor, createClassVia, setRoleViaAdmin } from './world';

// The visitor's side of a wrong, regenerated or archived join code: tests/e2e/instructor/confirm.spec.ts
// (on its class, after the instructor's new code and archiving).
test('an instructor runs a class: create and rename, a learner joins by link, the quiz shows up in every view', async ({
	browser
}) => {
	test.setTimeout(360_000);
	const admin = await actor(browser, 'admin');
	const teacher = await actor(browser, 'new', 'Tina Teacher');
	await setRoleViaAdmin(admin.page, teacher.email, 'instructor');

	// The role takes effect on the next request.
	await teacher.page.goto('/instructor');
	await expect(teacher.page.getByRole('heading', { level: 1 })).toHaveText('Teaching');
	await expectNoAxeViolations(teacher.page);
	const { id, joinUrl } = await createClassVia(teacher.page, 'Klasse 4');
	expect(joinUrl).toMatch(/\/join\/[A-Z0-9]{8}$/);

	// Renaming refuses an empty name (and keeps the old one), then takes a new one.
	await teacher.page.locator('summary', { hasText: 'Rename class' }).click();
	await teacher.page.getByLabel('Class name').fill('   ');
	await teacher.page.getByRole('button', { name: 'Save name' }).click();
	await expect(teacher.page.getByRole('alert')).toHaveText('Please fill in this field.');
	await expect(teacher.page.getByRole('heading', { level: 1 })).toHaveText('Klasse 4');
	await teacher.page.getByLabel('Class name').fill('Klasse 4b');
	await teacher.page.getByRole('button', { name: 'Save name' }).click();
	await expect(teacher.page.getByRole('heading', { level: 1 })).toHaveText('Klasse 4b');
	await expect(teacher.page.getByRole('img', { name: /QR code/ })).toBeVisible();
	await expectNoAxeViolations(teacher.page);

	// V19: the link copies with one click, and shows large for the room; Escape closes that view.
	await teacher.context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await teacher.page.getByRole('button', { name: 'Copy link' }).click();
	await expect(teacher.page.getByText('The link is copied.')).toBeVisible();
	expect(await teacher.page.evaluate(() => navigator.clipboard.readText())).toBe(joinUrl);
	await teacher.page.getByRole('link', { name: 'Show join for the room' }).click();
	await expect(teacher.page.getByRole('heading', { level: 1 })).toHaveText('Join “Klasse 4b”');
	await expect(teacher.page.locator('header.site')).toHaveCount(0);
	await expect(teacher.page.locator('.room .code')).toHaveText(joinUrl.split('/').pop()!);
	await expect(teacher.page.getByText(`${new URL(joinUrl).host}/join/`)).toBeVisible();
	const qr = (await teacher.page.getByRole('img', { name: /QR code/ }).boundingBox())!;
	expect(qr.width).toBeGreaterThanOrEqual(400);
	await expectNoAxeViolations(teacher.page);
	await teacher.page.keyboard.press('Escape');
	await teacher.page.waitForURL(new RegExp(`/instructor/classes/${id}#join$`));

	// A visitor follows the link, registers, and lands in the class.
	const context = await browser.newContext({
		locale: 'en-US',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const learner = await context.newPage();
	await learner.goto(new URL(joinUrl).pathname);
	await expect(
		learner.getByText('You are invited to the class “Klasse 4b” by Tina Teacher.')
	).toBeVisible();
	await learner.getByRole('link', { name: 'Register' }).last().click();
	await learner.getByLabel('Name').fill('Lena Lernt');
	await learner.getByLabel('Email address').fill(`lena-${Date.now()}@example.com`);
	await learner.getByLabel('Password', { exact: true }).fill('Lena-lernt-Virtualisierung');
	await learner.getByRole('button', { name: 'Create account' }).click();
	// Joined in the registration POST; "check your inbox" leads on to the class.
	await continueAfterRegistering(learner, /\/join\//);
	await expect(learner.getByRole('status').first()).toContainText(
		'You are now in the class “Klasse 4b”.'
	);

	await learner.goto('/learn');
	await expect(learner.getByText('Your classes: Klasse 4b (Tina Teacher)')).toBeVisible();

	// The learner fails the first quiz once.
	await learner.goto('/learn/introduction');
	await answerQuiz(learner, 'introduction', false);
	await learner.getByRole('button', { name: 'Submit answers' }).click();
	await expect(learner.getByRole('status')).toContainText('Not passed yet');

	// The instructor sees it in the matrix …
	await teacher.page.goto(`/instructor/classes/${id}`);
	const row = teacher.page.locator('table.matrix tbody tr', { hasText: 'Lena Lernt' });
	await expect(row).toContainText('0/9');
	await expect(row.locator('td.cell').first()).toContainText(/not passed, best \d+\s%, 1 attempt/);
	await expect(teacher.page.locator('#stats-heading')).toBeVisible();
	await expectNoAxeViolations(teacher.page);
	await expect(
		teacher.page.locator('section[aria-labelledby="stats-heading"] tbody tr')
	).toHaveCount(5);

	// … filters it by name and state …
	await teacher.page.getByLabel('Name contains').fill('nobody-here');
	await teacher.page.getByRole('button', { name: 'Apply' }).click();
	await expect(teacher.page.getByText('Nobody matches this filter.')).toBeVisible();
	await teacher.page.getByLabel('Name contains').fill('lena');
	await teacher.page.getByLabel('State').selectOption('active');
	await teacher.page.getByRole('button', { name: 'Apply' }).click();
	await expect(teacher.page.locator('table.matrix tbody tr')).toHaveCount(1);

	// … on the learner's page …
	await row.getByRole('link', { name: 'Lena Lernt', exact: true }).click();
	await expect(teacher.page.getByRole('heading', { level: 1 })).toHaveText(
		'Attempts of Lena Lernt'
	);
	await expect(teacher.page.locator('section.attempt > ol > li')).toHaveCount(5);
	// V27: a summary on top names the failed lesson and jumps to its attempts.
	await expect(teacher.page.getByText('Tried, not passed yet: L1')).toBeVisible();
	const summary = teacher.page.locator('section.summary tbody tr');
	await expect(summary).toHaveCount(9);
	await expect(summary.first()).toContainText('1 attempt · 1 not passed');
	await summary.first().getByRole('link').click();
	await expect(teacher.page).toHaveURL(/#lesson-introduction$/);
	await expectNoAxeViolations(teacher.page);

	// … and in the CSV.
	const csv = await teacher.page.request.get(`/instructor/classes/${id}/export.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const text = await csv.text();
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const lines = text.slice(1).trimEnd().split('\r\n');
	expect(lines).toHaveLength(2);
	expect(lines[0]).toMatch(
		/^Name,Email address,Joined,L1 [^,]+: best %,L1 [^,]+: passed,L1 [^,]+: attempts,L2 /
	);
	expect(lines[0]).toMatch(
		/,Lessons passed,Last active,Needs help,Certificate,Reviews after ≥ 7 days,Right in reviews after ≥ 7 days \(%\)$/
	);
	const cells = lines[1].split(',');
	expect(cells[0]).toBe('Lena Lernt');
	expect(cells[1]).toMatch(/^lena-\d+@example\.com$/);
	expect(Number(cells[3])).toBeLessThan(80);
	expect(cells.slice(4, 6)).toEqual(['no', '1']);
	expect(cells[30]).toBe('0');
	expect(cells[32]).toBe('no');

	// German Excel's dialect: semicolons (and the same BOM and CRLF).
	const excel = await (
		await teacher.page.request.get(`/instructor/classes/${id}/export.csv?format=excel-de`)
	).text();
	expect(excel.slice(1).split('\r\n')[1].split(';').slice(0, 2)).toEqual(['Lena Lernt', cells[1]]);

	// Removing the learner takes them out of the class.
	await teacher.page.goto(`/instructor/classes/${id}`);
	await teacher.page.getByRole('link', { name: 'Remove Lena Lernt from the class' }).click();
	await teacher.page.getByRole('button', { name: 'Remove Lena Lernt' }).click();
	await expect(teacher.page.getByRole('status')).toContainText(
		'Lena Lernt was removed from the class.'
	);
	await expect(teacher.page.getByText('Nobody has joined this class yet.')).toBeVisible();

	for (const c of [admin.context, teacher.context, context]) await c.close();
});
