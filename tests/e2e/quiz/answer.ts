import type { Frame, Page } from '@playwright/test';
import { folderOf, quizOf, type KeyedQuestion } from '../course-data';

type Lang = 'de' | 'en';
/** One input to set, found as a person finds it: by the text beside it. */
type Step =
	| { question: string; kind: 'check'; text: string }
	| { question: string; kind: 'radio'; value: string }
	| { question: string; kind: 'fill'; value: string }
	| { question: string; kind: 'select'; label: string; option: string };

function stepsFor(q: KeyedQuestion, lang: Lang, right: boolean): Step[] {
	const question = q.id;
	switch (q.type) {
		case 'single':
			return [
				{ question, kind: 'check', text: q.options!.find((o) => !!o.correct === right)!.text[lang] }
			];
		case 'multiple':
			return q
				.options!.filter((o) => !!o.correct === right)
				.map((o) => ({ question, kind: 'check', text: o.text[lang] }));
		case 'truefalse':
			return [{ question, kind: 'radio', value: String(right ? q.answer : !q.answer) }];
		case 'number':
			return [
				{ question, kind: 'fill', value: String(right ? q.answer : Number(q.answer) + 1000) }
			];
		case 'order': {
			const n = q.items!.length;
			return q.items!.map((item, i) => ({
				question,
				kind: 'select',
				label: item.text[lang],
				option: String(right ? i + 1 : n - i)
			}));
		}
		case 'match': {
			const n = q.pairs!.length;
			return q.pairs!.map((pair, i) => ({
				question,
				kind: 'select',
				label: pair.left[lang],
				option: (right ? pair : q.pairs![(i + 1) % n]).right[lang]
			}));
		}
	}
	throw new Error(`unknown question type ${q.type}`);
}

type InPage = { steps: Step[] } | { steps: Record<Lang, Step[]>; slug: string };
type InPageResult =
	{ missing: string[] } | { error: string } | { status: number; url: string; html: string };

/**
 * Runs in the browser (Playwright sends its source; the page's CSP forbids eval, so it is one
 * self-contained function). Either fills the quiz on the live page, or fetches a lesson, fills its
 * form and posts it as a browser without JavaScript would, with the page's cookies and origin.
 */
async function quizInPage(arg: InPage): Promise<InPageResult> {
	/** Sets the inputs the steps name, with the events a person's input fires; returns what it missed. */
	function fillQuiz(root: Document, steps: Step[], skipAbsent: boolean): string[] {
		const norm = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();
		const fire = (el: HTMLElement) => {
			el.dispatchEvent(new Event('input', { bubbles: true }));
			el.dispatchEvent(new Event('change', { bubbles: true }));
		};
		const notFound: string[] = [];
		for (const step of steps) {
			const fieldset = root.getElementById(`question-${step.question}`);
			if (!fieldset) {
				if (!skipAbsent) notFound.push(step.question);
				continue;
			}
			if (step.kind === 'check') {
				const label = [...fieldset.querySelectorAll('label.choice')].find((l) =>
					[...l.querySelectorAll('span')].some((s) => norm(s.textContent) === step.text)
				);
				const input = label?.querySelector('input');
				if (!input) notFound.push(`${step.question}: ${step.text}`);
				else if (!input.checked) {
					input.checked = true;
					fire(input);
				}
			} else if (step.kind === 'radio') {
				const input = fieldset.querySelector<HTMLInputElement>(`input[value="${step.value}"]`);
				if (!input) notFound.push(`${step.question}: ${step.value}`);
				else {
					input.checked = true;
					fire(input);
				}
			} else if (step.kind === 'fill') {
				const input = fieldset.querySelector<HTMLInputElement>('input[type=text]');
				if (!input) notFound.push(step.question);
				else {
					input.value = step.value;
					fire(input);
				}
			} else {
				const label = [...fieldset.querySelectorAll('label[for]')].find(
					(l) => norm(l.textContent) === step.label
				) as HTMLLabelElement | undefined;
				const select = label && (root.getElementById(label.htmlFor) as HTMLSelectElement | null);
				const option = select
					? [...select.options].find((o) => o.value === step.option || norm(o.text) === step.option)
					: undefined;
				if (!select || !option) notFound.push(`${step.question}: ${step.label}`);
				else {
					select.value = option.value;
					fire(select);
				}
			}
		}
		return notFound;
	}

	if (!('slug' in arg)) return { missing: fillQuiz(document, arg.steps, false) };
	const lesson = new URL(`/learn/${arg.slug}`, location.origin);
	const doc = new DOMParser().parseFromString(await (await fetch(lesson)).text(), 'text/html');
	const form = doc.querySelector<HTMLFormElement>('form.quiz-form');
	if (!form) return { error: `no quiz form on ${lesson.pathname}` };
	const missing = fillQuiz(doc, arg.steps[doc.documentElement.lang === 'en' ? 'en' : 'de'], true);
	if (missing.length) return { error: `not on the page: ${missing.join('; ')}` };
	const body = new URLSearchParams();
	for (const [k, v] of new FormData(form)) body.append(k, String(v));
	// Accepting HTML, as a browser's form post does: SvelteKit answers with the 303 to the result.
	const res = await fetch(new URL(form.getAttribute('action')!, lesson), {
		method: 'POST',
		body,
		headers: { accept: 'text/html' }
	});
	return { status: res.status, url: res.url, html: await res.text() };
}

/**
 * Answers every question of the quiz on the page, all right or all wrong. The page's values are
 * opaque, so like a person this finds the answers by their text (the keys come from content/).
 * Returns the question ids.
 *
 * With JavaScript the inputs are set in one step inside the page (with the events a person's input
 * fires), which saves the many round trips of clicking each one: tests that only need a passed or
 * failed lesson spend seconds, not a minute, on it. `byHand` clicks and selects like a person, for
 * the tests about the quiz form itself; without JavaScript the page cannot run code, so it does too.
 */
export async function answerQuiz(
	// A frame too: the quiz of a lesson launched inside an LMS's iframe.
	page: Page | Frame,
	slug: string,
	right: boolean,
	only?: number,
	{ js = true, byHand = false } = {}
) {
	// Input made before hydration can be reset by it: with JavaScript, wait until the form is live.
	if (js) await page.locator('form.quiz-form[data-ready]').waitFor();
	const lang: Lang = (await page.locator('html').getAttribute('lang')) === 'en' ? 'en' : 'de';
	const pool = new Map(quizOf(folderOf(slug)).map((q) => [q.id, q]));
	const ids = await page
		.locator('fieldset[id^="question-"]')
		.evaluateAll((els) => els.map((e) => e.id.replace('question-', '')));
	const steps = ids
		.slice(0, only ?? ids.length)
		.flatMap((id) => stepsFor(pool.get(id)!, lang, right));
	if (js && !byHand) {
		const done = await page.evaluate(quizInPage, { steps });
		const missing = 'missing' in done ? done.missing : [];
		if (missing.length) throw new Error(`answerQuiz: not on the page: ${missing.join('; ')}`);
		return ids;
	}
	for (const step of steps) await byHandStep(page, step);
	return ids;
}

/** One step the way a person takes it: click the choice, type the number, pick from the list. */
async function byHandStep(page: Page | Frame, step: Step) {
	const fieldset = page.locator(`fieldset[id="question-${step.question}"]`);
	if (step.kind === 'check') {
		await fieldset
			.locator('label.choice')
			.filter({ has: page.getByText(step.text, { exact: true }) })
			.locator('input')
			.check();
	} else if (step.kind === 'radio') {
		await fieldset.locator(`input[value="${step.value}"]`).check();
	} else if (step.kind === 'fill') {
		await fieldset.locator('input[type=text]').fill(step.value);
	} else {
		// Order positions are labelled with their number, match answers with their text.
		await fieldset.getByLabel(step.label, { exact: true }).selectOption({ label: step.option });
	}
}

/**
 * Takes a lesson's quiz without rendering it: inside the page, fetches the lesson, fills its quiz
 * form (the same way as answerQuiz) and posts it as a browser without JavaScript would, with the
 * page's cookies and origin. For tests that need lessons passed, not the quiz form looked at.
 * Returns where the post led (the result's URL) and that page's HTML.
 */
export async function submitQuizByFetch(page: Page, slug: string, right: boolean) {
	const pool = quizOf(folderOf(slug));
	const steps = {
		de: pool.flatMap((q) => stepsFor(q, 'de', right)),
		en: pool.flatMap((q) => stepsFor(q, 'en', right))
	};
	const done = await page.evaluate(quizInPage, { steps, slug });
	if ('error' in done) throw new Error(`submitQuizByFetch(${slug}): ${done.error}`);
	if (!('status' in done) || done.status !== 200 || !done.url.includes('?attempt='))
		throw new Error(`submitQuizByFetch(${slug}): ${JSON.stringify(done).slice(0, 200)}`);
	return { url: done.url, html: done.html };
}
