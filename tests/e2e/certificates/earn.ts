import type { Page } from '@playwright/test';
import { lessonFolders, slugOf } from '../course-data';
import { register } from '../fixtures';
import { answerQuiz } from '../quiz/answer';

/** Registers a learner and passes every lesson's quiz. Returns the account and the certificate link. */
export async function earnCertificate(page: Page, name: string) {
	const account = await register(page, { name });
	for (const folder of lessonFolders) {
		const slug = slugOf(folder);
		await page.goto(`/learn/${slug}`);
		await answerQuiz(page, slug, true);
		await page.getByRole('button', { name: /^(Antworten abgeben|Submit answers)$/ }).click();
		await page.waitForURL(/\?attempt=/);
	}
	await page.goto('/learn');
	const url = await page.getByLabel(/^(Link zum Teilen|Link to share)$/).inputValue();
	const code = /\/certificates\/([a-z2-7]{32})$/.exec(url)![1];
	return { ...account, url, code };
}
