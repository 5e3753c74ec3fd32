import { expect, expectNoAxeViolations, register, test } from '../fixtures';
import { answerQuiz } from './answer';

test.describe('in German', () => {
	test.use({ locale: 'de-DE' });
	test('a learner fails, gets feedback without keys, retries, passes and sees the answers', async ({
		page
	}) => {
		test.setTimeout(240_000); // two full quizzes and four axe runs
		await register(page);
		await page.goto('/learn/hypervisors');
		await expect(page.locator('fieldset[id^="question-"]')).toHaveCount(5);
		await expectNoAxeViolations(page);

		const firstDraw = await answerQuiz(page, 'hypervisors', false, undefined, { byHand: true });
		await page.getByRole('button', { name: 'Antworten abgeben' }).click();
		await expect(page).toHaveURL(/\?attempt=/);
		const failedUrl = page.url();
		await expect(page.getByRole('status')).toContainText('Noch nicht bestanden');
		await expect(page.locator('#result')).not.toContainText('Richtige Antwort');
		await expect(page.locator('#result')).toContainText('sobald du diese Lektion bestanden hast');
		// A hint per wrong question and the section to re-read; no explanation before the pass.
		await expect(page.locator('.answer .explanation')).toHaveCount(0);
		await expect(page.locator('.answer .hint')).toHaveCount(5);
		// Each re-read link says which question it serves (W27); before the pass it does not name the
		// section, whose title can state the answer.
		const review = page.locator('.answer a[href*="#"]');
		await expect(review).toHaveCount(5);
		for (const [i, link] of (await review.all()).entries()) {
			await expect(link).toHaveText(`Abschnitt zu Frage ${i + 1} nachlesen`);
			await expect(link).toHaveAttribute('href', /\/learn\/hypervisors#/);
		}
		await expectNoAxeViolations(page);

		await page.getByRole('link', { name: 'Neuer Versuch' }).click();
		await expect(page.locator('fieldset[id^="question-"]')).toHaveCount(5);
		await answerQuiz(page, 'hypervisors', true, undefined, { byHand: true });
		await page.getByRole('button', { name: 'Antworten abgeben' }).click();
		await expect(page.getByRole('status')).toContainText('Bestanden');
		await expect(page.locator('.score')).toContainText('100 %');
		// Passed: the keys are out, and the re-read links name their section.
		await expect(page.locator('.answer a[href*="#"]').first()).toHaveText(/^Nachlesen: \S/);

		// Passed: the earlier attempt now shows the correct answers.
		await page.goto(failedUrl);
		await expect(page.locator('#result')).toContainText('Richtige Antwort');
		expect(firstDraw).toHaveLength(5);

		await page.goto('/learn');
		await expect(page.getByText('1 von 9 Lektionen bestanden')).toBeVisible();
		const row = page.locator('li.lesson', { hasText: 'Hypervisoren' });
		await expect(row).toContainText('Bestanden · 100 %');
		await expect(row).toContainText('2 Versuche');
		await expectNoAxeViolations(page);

		await page.goto('/learn/hypervisors');
		await expect(page.locator('header .state')).toHaveText('Bestanden · 100 %');
		// W26: a fresh quiz after the pass says so first.
		await expect(page.locator('.passed-note')).toHaveText(
			'Bestanden mit 100 % – du kannst das Quiz zur Übung noch einmal machen.'
		);
	});
});

test.describe('in English', () => {
	test.use({ locale: 'en-GB' });
	test('after passing, the result offers the next lesson', async ({ page }) => {
		await register(page);
		await page.goto('/learn/introduction');
		await answerQuiz(page, 'introduction', true);
		await page.getByRole('button', { name: 'Submit answers' }).click();
		await page.getByRole('link', { name: 'On to the next lesson' }).click();
		await expect(page).toHaveURL('/learn/virtualization-basics');
		await page.goto('/learn');
		// Resume at the first lesson not yet passed, named as such.
		await expect(
			page.getByRole('link', { name: 'Continue with lesson 2: Virtualization basics' })
		).toBeVisible();
		await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1');
	});
});

test('a reload keeps half-given answers until they are submitted', async ({ page }) => {
	await register(page);
	await page.goto('/learn/kvm');
	const ids = await answerQuiz(page, 'kvm', true, 2, { byHand: true });
	const before = await page
		.locator('form.quiz-form')
		.evaluate((f: HTMLFormElement) =>
			[...new FormData(f).entries()]
				.filter(([k]) => k.startsWith('q.'))
				.map(([k, v]) => `${k}=${v}`)
		);
	expect(before.length).toBeGreaterThan(0);
	await page.reload();
	const after = await page
		.locator('form.quiz-form')
		.evaluate((f: HTMLFormElement) =>
			[...new FormData(f).entries()]
				.filter(([k]) => k.startsWith('q.'))
				.map(([k, v]) => `${k}=${v}`)
		);
	// The order rows may come back sorted by the positions chosen: compare the answers, not the rows.
	expect(after.sort()).toEqual(before.sort());
	// Same draw after the reload.
	const again = await page
		.locator('fieldset[id^="question-"]')
		.evaluateAll((els) => els.map((e) => e.id.replace('question-', '')));
	expect(again.slice(0, 2)).toEqual(ids.slice(0, 2));
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, locale: 'en-US' });

	test('an incomplete quiz comes back with 400, the answers kept, and can then be submitted', async ({
		page
	}) => {
		await register(page);
		await page.goto('/learn/esxi');
		await answerQuiz(page, 'esxi', true, 2, { js: false });
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Submit answers' }).click()
		]);
		expect(response.status()).toBe(400);
		await expect(page.getByRole('alert')).toContainText('Please answer every question: 3');
		await expect(page.locator('.problem')).toHaveCount(3);
		// Lands on the error summary (the form posts to #quiz-errors), focused, listing the 3 questions.
		await expect(page.locator('#quiz-errors')).toBeFocused();
		await expect(page.locator('#quiz-errors')).toBeInViewport();
		await expect(page.locator('#quiz-errors li a')).toHaveCount(3);
		await answerQuiz(page, 'esxi', true, undefined, { js: false });
		await page.getByRole('button', { name: 'Submit answers' }).click();
		await expect(page.locator('.score')).toContainText('100 %');
	});
});
