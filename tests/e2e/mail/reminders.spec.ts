import type { Page } from '@playwright/test';
import { expect, formHeaders, test } from '../fixtures';
import { actor, createClassVia, setRoleViaAdmin } from '../instructor/world';
import { answerQuiz } from '../quiz/answer';
import { inbox, waitForMail } from './inbox';
import { languages } from './lang';

const eddieRowId = async (page: Page) =>
	(await page
		.locator('table.matrix tbody tr', { hasText: 'Eddie English' })
		.first()
		.getAttribute('id'))!.replace('learner-', '');

async function failIntroduction(page: Page) {
	await page.goto('/learn/introduction');
	await answerQuiz(page, 'introduction', false);
	await page.getByRole('button', { name: /Antworten abgeben|Submit answers/ }).click();
	await expect(page.getByRole('status').first()).toContainText(
		/Noch nicht bestanden|Not passed yet/
	);
}

test('instructors remind one learner or the needs-help list, in each learner’s language; learners can opt out', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(360_000);
	const admin = await actor(browser, 'admin');
	const teacher = await actor(browser, 'new', 'Rhea Reminder', 'en-US');
	await setRoleViaAdmin(admin.page, teacher.email, 'instructor');
	const className = `Mailklasse ${Date.now().toString(36)}`;
	const { id, joinUrl } = await createClassVia(teacher.page, className);

	const de = await actor(browser, 'new', 'Dana Deutsch', languages.de.locale);
	const en = await actor(browser, 'new', 'Eddie English', languages.en.locale);
	for (const learner of [de, en]) {
		await learner.page.goto(new URL(joinUrl).pathname);
		await learner.page.getByRole('button', { name: /^(Beitreten|Join)$/ }).click();
		await expect(learner.page.getByRole('status').first()).toContainText(className);
	}
	// Dana fails a quiz twice: she needs help.
	await failIntroduction(de.page);
	await failIntroduction(de.page);

	const page = teacher.page;
	await page.goto(`/instructor/classes/${id}`);
	const text = 'Bitte schaut euch Lektion 1 noch einmal an. / Please look at lesson 1 again.';
	await page.getByLabel('Reminder text').fill(text);
	await page.getByRole('button', { name: 'Send to everyone who needs help (1)' }).click();
	await expect(page.getByRole('status').first()).toContainText('Reminders sent: 1. Skipped');

	const toDana = await waitForMail(de.email, { subject: languages.de.reminderSubject });
	expect(toDana.text).toContain('Rhea Reminder schreibt dir aus der Klasse');
	expect(toDana.text).toContain(text);
	expect(toDana.text).toContain('/settings');
	expect(toDana.html).toContain(languages.de.footer);

	// One learner from their row: a confirmation beside the row names the recipient and shows a text
	// that fits the reason (V2); nothing goes out before "Send reminder".
	await page.getByRole('link', { name: 'Remind Dana Deutsch' }).click();
	const danaForm = page.getByRole('form', { name: 'Remind Dana Deutsch?' });
	await expect(danaForm).toContainText(`Dana Deutsch <${de.email}>`);
	await expect(danaForm.getByLabel('Reminder text')).toHaveValue(/has not worked out twice/);
	await page.getByRole('link', { name: 'Remind Eddie English' }).click();
	const eddieForm = page.getByRole('form', { name: 'Remind Eddie English?' });
	await expect(eddieForm).toContainText(`Eddie English <${en.email}>`);
	await expect(eddieForm.getByLabel('Reminder text')).toHaveValue(/not opened a lesson yet/);
	expect(inbox(en.email).filter((m) => languages.en.reminderSubject.test(m.subject))).toHaveLength(
		0
	);
	await eddieForm.getByRole('button', { name: 'Send reminder' }).click();
	// The answer appears in the row after Eddie's, not in the card further down.
	await expect(page.locator('#learner-' + (await eddieRowId(page)) + ' + tr')).toContainText(
		'Reminders sent: 1.'
	);
	await expect(eddieForm).toHaveCount(0);
	const toEddie = await waitForMail(en.email, { subject: languages.en.reminderSubject });
	expect(toEddie.text).toContain('Rhea Reminder writes to you from the class');
	await page.goto(`/instructor/classes/${id}`);
	for (const name of ['Dana Deutsch', 'Eddie English']) {
		await expect(page.locator('table.matrix tbody tr', { hasText: name })).toContainText(
			/reminded/
		);
	}

	// Throttled: nobody twice in 24 hours.
	await page.getByRole('link', { name: 'Remind Eddie English' }).click();
	await page.getByRole('button', { name: 'Send reminder' }).click();
	await expect(page.getByRole('status').first()).toContainText(
		'Reminders sent: 0. Skipped (reminded recently or opted out): 1.'
	);
	expect(inbox(en.email).filter((m) => languages.en.reminderSubject.test(m.subject))).toHaveLength(
		1
	);

	// Eddie opts out; the instructor sees it and cannot remind him.
	await en.page.goto('/settings');
	await en.page.getByLabel(languages.en.remindersLabel).uncheck();
	await en.page.getByRole('button', { name: languages.en.remindersSave, exact: true }).click();
	await expect(en.page.getByRole('status')).toContainText(languages.en.remindersOff);
	await page.goto(`/instructor/classes/${id}`);
	const eddie = page.locator('table.matrix tbody tr', { hasText: 'Eddie English' });
	await expect(eddie).toContainText('receives no reminders');
	await expect(eddie.getByRole('link', { name: 'Remind Eddie English' })).toHaveCount(0);

	// Bad input: 400 with a message, never a 500.
	const headers = formHeaders(baseURL);
	const empty = await page.request.post(`/instructor/classes/${id}?/remind`, {
		headers,
		form: { text: '   ' }
	});
	expect(empty.status()).toBe(400);
	expect(await empty.text()).toContain('Please write a text of 1 to 1000 characters.');
	const stranger = await page.request.post(`/instructor/classes/${id}?/remind`, {
		headers,
		form: { text: 'Hallo', userId: 'a'.repeat(24) }
	});
	expect(stranger.status()).toBe(400);
	expect(await stranger.text()).toContain('This person is not in the class.');
	const learnerTries = await de.page.request.post(`/instructor/classes/${id}?/remind`, {
		headers,
		form: { text: 'Hallo' }
	});
	expect(learnerTries.status()).toBe(403);
	for (const a of [admin, teacher, de, en]) await a.context.close();
});
