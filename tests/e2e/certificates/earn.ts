import type { Page } from '@playwright/test';
import { lessonFolders, slugOf } from '../course-data';
import { expect, register } from '../fixtures';
import { answerQuiz, submitQuizByFetch } from '../quiz/answer';

/**
 * Registers a learner and passes every lesson's quiz. Returns the account and the certificate link.
 * The first lessons are passed by posting their forms from inside the page (quick); the last one the
 * way a person does, and its result must celebrate and link to the new certificate.
 */
export async function earnCertificate(page: Page, name: string) {
	const account = await register(page, { name });
	let finished: string | null = null;
	for (const [index, folder] of lessonFolders.entries()) {
		const slug = slugOf(folder);
		const last = index === lessonFolders.length - 1;
		if (!last) {
			// A pass, and not yet the pass that completes the course.
			const { html } = await submitQuizByFetch(page, slug, true);
			expect(html, slug).toMatch(/class="summary[^"]*\bpassed\b/);
			expect(html, slug).not.toMatch(/class="finished/);
			continue;
		}
		await page.goto(`/learn/${slug}`);
		await answerQuiz(page, slug, true);
		await page.getByRole('button', { name: /^(Antworten abgeben|Submit answers)$/ }).click();
		await page.waitForURL(/\?attempt=/);
		// The pass that completes the course says so and links to the new certificate.
		await expect(page.locator('.finished')).toContainText(
			/Du hast den ganzen Kurs bestanden|you have passed the whole course/
		);
		finished = await page
			.getByRole('link', { name: /^(Zu deinem Zertifikat|Go to your certificate)$/ })
			.getAttribute('href');
	}
	await page.goto('/learn');
	const url = await page.getByLabel(/^(Link zum Teilen|Link to share)$/).inputValue();
	const code = /\/certificates\/([a-z2-7]{32})$/.exec(url)![1];
	expect(finished).toBe(`/certificates/${code}`);
	return { ...account, url, code };
}
