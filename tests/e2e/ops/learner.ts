import { freshIp, goodPassword, uniqueEmail } from '../fixtures';

/**
 * A learner speaking plain HTTP, as a browser without JavaScript does: form posts with the page's
 * own fields, a session cookie, its own client address. It can talk to nginx or to any backend.
 */
export class Learner {
	cookie = '';
	readonly ip = freshIp();
	readonly email = uniqueEmail('ops');
	/** The app's configured origin, when it is not the base a request goes to (a backend behind nginx). */
	origin = '';

	async send(
		base: string,
		path: string,
		{ form, timeoutMs = 20_000 }: { form?: URLSearchParams; timeoutMs?: number } = {}
	) {
		const headers: Record<string, string> = {
			accept: 'text/html',
			// The origin that CSRF checks compare with: the configured ORIGIN.
			origin: this.origin || base,
			'x-forwarded-for': this.ip
		};
		if (this.cookie) headers.cookie = this.cookie;
		const response = await fetch(base + path, {
			method: form ? 'POST' : 'GET',
			headers,
			body: form,
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs)
		});
		const session = response.headers.getSetCookie().find((c) => c.startsWith('lernpfad_session='));
		if (session) this.cookie = session.split(';')[0];
		return { status: response.status, location: response.headers.get('location'), response };
	}

	async register(base: string) {
		const form = new URLSearchParams({
			name: 'Ops Learner',
			email: this.email,
			password: goodPassword
		});
		const { status, location } = await this.send(base, '/register', { form });
		if (status !== 303 || !this.cookie) throw new Error(`register: ${status} → ${location}`);
	}

	async login(base: string, password = goodPassword) {
		const form = new URLSearchParams({ email: this.email, password });
		return this.send(base, '/login', { form });
	}

	/** Opens a lesson and fills its quiz form with some answer to every question. */
	async openQuiz(base: string, slug: string) {
		const { status, response } = await this.send(base, `/learn/${slug}`);
		const html = await response.text();
		if (status !== 200) throw new Error(`GET /learn/${slug}: ${status}`);
		return quizFormOf(html);
	}

	async submit(base: string, slug: string, form: URLSearchParams, timeoutMs?: number) {
		return this.send(base, `/learn/${slug}?/submit`, { form, timeoutMs });
	}
}

function attrs(tag: string) {
	const out: Record<string, string> = {};
	for (const [, name, value] of tag.matchAll(/([\w-]+)="([^"]*)"/g)) {
		out[name] = value
			.replace(/&quot;/g, '"')
			.replace(/&#39;/g, "'")
			.replace(/&amp;/g, '&');
	}
	return out;
}

/**
 * The quiz form's fields, answered like someone who picks without reading: the first choice of
 * each question, ranks 1, 2, 3… for an order, the options in turn for a match. The values are
 * opaque per attempt, so this is as good as guessing; it is about submitting, not passing.
 */
export function quizFormOf(html: string) {
	const start = html.indexOf('class="quiz-form');
	if (start < 0) throw new Error('no quiz form on the page');
	const form = html.slice(html.lastIndexOf('<form', start), html.indexOf('</form>', start));
	const fields = new URLSearchParams();
	const selectsPerQuestion = new Map<string, number>();
	let select: { name: string; options: string[] } | undefined;
	const finishSelect = () => {
		if (!select) return;
		const question = select.name.split('.').slice(0, 2).join('.');
		const index = selectsPerQuestion.get(question) ?? 0;
		selectsPerQuestion.set(question, index + 1);
		fields.set(select.name, select.options[index % select.options.length]);
		select = undefined;
	};
	for (const [tag, kind] of form.matchAll(/<\/?(input|select|option|textarea)\b[^>]*>/g)) {
		const a = attrs(tag);
		if (tag.startsWith('</')) {
			if (kind === 'select') finishSelect();
		} else if (kind === 'select') {
			finishSelect();
			select = { name: a.name, options: [] };
		} else if (kind === 'option') {
			if (select && a.value) select.options.push(a.value);
		} else if (kind === 'textarea') {
			fields.set(a.name, '1');
		} else if (a.type === 'hidden') {
			fields.set(a.name, a.value);
		} else if (a.type === 'radio' || a.type === 'checkbox') {
			if (!fields.has(a.name)) fields.set(a.name, a.value);
		} else if (a.name) {
			fields.set(a.name, '1');
		}
	}
	finishSelect();
	if (!fields.get('attempt')) throw new Error('the quiz form has no attempt id');
	return fields;
}
