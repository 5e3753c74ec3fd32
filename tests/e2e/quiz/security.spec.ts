import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, formHeaders, register, test } from '../fixtures';
import { lessonFolders, quizOf, slugOf } from '../course-data';
import { answerQuiz } from './answer';

function secretsOf(folder: string) {
	return quizOf(folder).flatMap((q) => [q.explanation.de, q.explanation.en]);
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? filesUnder(p) : [p];
	});
}

test('no explanation or key from any quiz.yaml is in the client build', () => {
	const client = filesUnder('build/client')
		.map((f) => readFileSync(f, 'utf8'))
		.join('\n');
	expect(client.length).toBeGreaterThan(10_000);
	for (const folder of lessonFolders) {
		for (const secret of secretsOf(folder)) expect(client, folder).not.toContain(secret);
		for (const q of quizOf(folder)) expect(client).not.toContain(`id: ${q.id}`);
	}
	expect(client).not.toMatch(/correct:\s*true/);
});

test('before submission, no lesson page or its data holds explanations or correct flags', async ({
	page,
	baseURL
}) => {
	await register(page);
	for (const folder of lessonFolders) {
		const slug = slugOf(folder);
		for (const lang of ['de', 'en']) {
			await page.request.post('/language', {
				headers: formHeaders(baseURL),
				form: { locale: lang, redirectTo: '/' }
			});
			const html = await (await page.request.get(`/learn/${slug}`)).text();
			const data = await (await page.request.get(`/learn/${slug}/__data.json`)).text();
			expect(html).toContain('question-'); // the quiz is really there
			for (const body of [html, data]) {
				for (const secret of secretsOf(folder)) expect(body).not.toContain(secret);
				expect(body).not.toMatch(/"?correct"?\s*:\s*true/);
				expect(body).not.toContain('"answer"');
				expect(body).not.toContain('"explanation"');
			}
		}
	}
});

test('extra fields cannot set the score, and another learner cannot read the attempt', async ({
	page,
	browser,
	baseURL
}) => {
	await register(page);
	await page.goto('/learn/introduction');
	const attemptId = await page.locator('input[name="attempt"]').inputValue();
	await answerQuiz(page, 'introduction', false);
	const form = await page
		.locator('form.quiz-form')
		.evaluate((f: HTMLFormElement) =>
			Object.fromEntries([...new FormData(f).entries()].map(([k, v]) => [k, String(v)]))
		);
	const response = await page.request.post('/learn/introduction?/submit', {
		headers: formHeaders(baseURL),
		form: { ...form, score: '5', percent: '100', passed: 'true', userId: 'x', maxScore: '1' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	await page.goto(`/learn/introduction?attempt=${attemptId}`);
	await expect(page.getByRole('status')).toContainText(/Noch nicht bestanden|Not passed yet/);

	// A replay of the same POST records nothing new and shows the same result.
	const replay = await page.request.post('/learn/introduction?/submit', {
		headers: formHeaders(baseURL),
		form,
		maxRedirects: 0
	});
	expect(replay.headers()['location']).toContain(`attempt=${attemptId}`);
	await page.goto('/learn');
	await expect(page.locator('li.lesson').first()).toContainText(/\b1 (Versuch|attempt)\b/);

	const other = await browser.newContext({
		extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.55' }
	});
	const otherPage = await other.newPage();
	await register(otherPage);
	const peek = await otherPage.goto(`/learn/introduction?attempt=${attemptId}`);
	expect(peek?.status()).toBe(404);
	const data = await otherPage.request.get(`/learn/introduction/__data.json?attempt=${attemptId}`);
	expect(await data.text()).not.toContain(secretsOf('01-introduction')[0]);
	await other.close();
});

/** What would give a wrong question's key away on the result page. */
function keyTexts(folder: string, questionId: string, lang: 'de' | 'en'): string[] {
	const q = quizOf(folder).find((x) => x.id === questionId)!;
	switch (q.type) {
		case 'single':
		case 'multiple':
			return q.options!.filter((o) => o.correct).map((o) => o.text[lang]);
		case 'number':
			return [String(q.answer)];
		case 'match':
			return q.pairs!.map((p) => `${p.left[lang]} → ${p.right[lang]}`);
		case 'order':
			return [q.items!.map((i) => i.text[lang]).join('')];
		default:
			return [];
	}
}

for (const lang of ['de', 'en'] as const) {
	test(`a failed attempt's result states no key, in the page or its data (${lang})`, async ({
		page,
		baseURL
	}) => {
		await register(page);
		await page.request.post('/language', {
			headers: formHeaders(baseURL),
			form: { locale: lang, redirectTo: '/' }
		});
		for (const folder of lessonFolders.slice(0, 4)) {
			const slug = slugOf(folder);
			await page.goto(`/learn/${slug}`);
			const ids = await answerQuiz(page, slug, false);
			await page.locator('form.quiz-form button[type=submit]').click();
			await page.waitForURL(/\?attempt=/);
			const url = new URL(page.url());
			const data = await (await page.request.get(`/learn/${slug}/__data.json${url.search}`)).text();
			// Every answer's text in one round trip (one per answer added seconds on a busy machine),
			// once the result shows them all.
			await expect(page.locator(ids.map((id) => `#answer-${id}`).join(', '))).toHaveCount(
				ids.length
			);
			const shown = await page.evaluate(
				(ids) => ids.map((id) => document.getElementById(`answer-${id}`)!.innerText),
				ids
			);
			for (const [i, id] of ids.entries()) {
				for (const key of keyTexts(folder, id, lang)) {
					expect(shown[i].replace(/\s+/g, ''), `${id}: ${key}`).not.toContain(
						key.replace(/\s+/g, '')
					);
				}
			}
			// The lesson's own text is in the data too (it teaches the answers); the result part must
			// carry neither explanations nor solutions (devalue writes undefined as -1).
			for (const secret of secretsOf(folder)) expect(data).not.toContain(secret);
			expect(data).toContain('"hint":');
			expect(data).not.toMatch(/"(explanation|solution)":(?!-1[,}])/);
		}
	});
}
