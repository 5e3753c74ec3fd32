import type { Page } from '@playwright/test';
import { lessonFolders, quizOf, slugOf } from '../course-data';
import { expect, expectNoAxeViolations, formHeaders, freshIp, register, test } from '../fixtures';
import { answerQuiz, submitQuizByFetch } from '../quiz/answer';

const first = lessonFolders[0];
const slug = slugOf(first);
const pool = quizOf(first);
const DAY = 86_400_000;

/** The question /review shows: its id is in its fieldset's id. */
const shownQuestion = async (page: Page) =>
	(await page.locator('fieldset[id^="question-"]').getAttribute('id'))!.replace('question-', '');

test('pass a lesson, move the clock, review with and without JavaScript, in both languages', async ({
	page,
	browser,
	ip
}) => {
	// Two browsers, a pass and two reviews on a shared 2-core machine.
	test.setTimeout(120_000);
	await register(page);
	await submitQuizByFetch(page, slug, true);
	// Nothing is due on the day of the pass.
	await page.goto('/learn');
	await expect(page.getByRole('heading', { name: 'Review' })).toBeVisible();
	await expect(page.getByText('0 questions due today')).toBeVisible();

	const later = new Date(Date.now() + 2 * DAY).toISOString();
	await page.context().setExtraHTTPHeaders({ 'x-forwarded-for': ip, 'x-test-now': later });
	await page.goto('/learn');
	await expect(page.getByText(`${pool.length} questions due today`)).toBeVisible();
	await page.getByRole('link', { name: 'Start review' }).click();
	await expect(page).toHaveURL('/review');
	const id = await shownQuestion(page);
	await page.locator('form.review-form').waitFor();
	await answerQuiz(page, slug, true, undefined, { js: false });
	await page.getByLabel('I was unsure').check();
	await page.getByRole('button', { name: 'Check answer' }).click();
	await expect(page).toHaveURL(/\/review\?item=/);
	const feedback = page.locator('#feedback');
	await expect(feedback).toContainText('Answered correctly');
	await expect(feedback).toContainText(pool.find((q) => q.id === id)!.explanation.en);
	await expect(feedback.getByRole('link', { name: /^Re-read: / })).toHaveAttribute(
		'href',
		new RegExp(`/learn/${slug}#`)
	);
	await expectNoAxeViolations(page);

	// The same learner, German, without JavaScript: a wrong answer, graded on the server.
	const noJs = await browser.newContext({
		javaScriptEnabled: false,
		locale: 'de-CH',
		storageState: await page.context().storageState(),
		extraHTTPHeaders: { 'x-forwarded-for': freshIp(), 'x-test-now': later }
	});
	const plain = await noJs.newPage();
	await noJs.request.post('/language', {
		form: { locale: 'de', redirectTo: '/review' },
		headers: formHeaders(test.info().project.use.baseURL)
	});
	await plain.goto('/review');
	await expect(plain.getByText(`${pool.length - 1} Fragen sind heute fällig`)).toBeVisible();
	const second = await shownQuestion(plain);
	expect(second).not.toBe(id);
	await answerQuiz(plain, slug, false, undefined, { js: false });
	await plain.getByRole('button', { name: 'Antwort prüfen' }).click();
	await expect(plain.locator('#feedback')).toContainText('Nicht richtig beantwortet');
	await expect(plain.locator('#feedback')).toContainText('Richtige Antwort');
	await expect(plain.getByText('Heute beantwortet: 2')).toBeVisible();
	await plain.goto('/learn');
	await expect(plain.getByText(/: 2 beantwortet$/)).toBeAttached();
	await noJs.close();
	// The calendar on /learn, with JavaScript (axe needs it).
	await page.goto('/learn');
	// The learner chose German above: the setting follows them.
	await expect(page.getByText(/: 2 beantwortet$/)).toBeAttached();
	await expectNoAxeViolations(page);
});
