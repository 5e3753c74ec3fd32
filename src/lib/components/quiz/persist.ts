import type { Action } from 'svelte/action';

const keyOf = (attemptId: string) => `lernpfad:quiz:${attemptId}`;

function save(form: HTMLFormElement, key: string) {
	const entries = [...new FormData(form).entries()].filter(
		(e): e is [string, string] => e[0].startsWith('q.') && typeof e[1] === 'string'
	);
	try {
		localStorage.setItem(key, JSON.stringify(entries));
	} catch {
		// Private mode or a full quota: answers are still in the form.
	}
}

function restore(form: HTMLFormElement, key: string) {
	let entries: [string, string][] = [];
	try {
		entries = JSON.parse(localStorage.getItem(key) ?? '[]');
	} catch {
		return;
	}
	for (const [name, value] of entries) {
		for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
			`[name="${CSS.escape(name)}"]`
		)) {
			if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
				if (el.value === value) el.checked = true;
			} else if (!el.value) {
				el.value = value;
			}
		}
	}
}

/** Keeps the answers given so far in localStorage until the attempt is submitted (reload, closed tab). */
export const persistAnswers: Action<HTMLFormElement, string> = (form, attemptId) => {
	const key = keyOf(attemptId);
	restore(form, key);
	// Hydrated and saving from here on (end-to-end tests wait for this before answering).
	form.dataset.ready = '';
	const onChange = () => save(form, key);
	form.addEventListener('input', onChange);
	form.addEventListener('change', onChange);
	return {
		destroy() {
			form.removeEventListener('input', onChange);
			form.removeEventListener('change', onChange);
		}
	};
};

export function forgetAnswers(attemptId: string) {
	try {
		localStorage.removeItem(keyOf(attemptId));
	} catch {
		// Nothing stored.
	}
}
