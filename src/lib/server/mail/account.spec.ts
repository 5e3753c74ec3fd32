import { describe, expect, it } from 'vitest';
import { languages, type Lang } from '../../../../tests/e2e/mail/lang';
import {
	alreadyRegisteredMail,
	emailChangedMail,
	passwordChangedMail,
	resetMail,
	verifyMail
} from './account';
import type { Mail } from './outbox';

const origin = 'https://lernpfad.example';

/** Plain text and simple HTML in the reader's language, nothing that phones home. */
function expectDecent(mail: Mail, lang: Lang) {
	const L = languages[lang];
	expect(mail.text).toMatch(L.verifyText); // the greeting, by name
	expect(mail.text).toContain(L.footer);
	expect(mail.html).toContain(L.footer);
	expect(mail.html).toContain(`<html lang="${lang}">`);
	expect(mail.html).not.toMatch(/<img|<script|url\(|<link|<iframe/i);
	const hosts = [...mail.html.matchAll(/https?:\/\/([^/"'\s]+)/g)].map((m) => m[1]);
	expect(new Set(hosts).size).toBeLessThanOrEqual(1);
}

// Every account mail in both languages. The e2e tests (tests/e2e/mail/accounts.spec.ts, takeover.spec.ts)
// follow each kind through real SMTP in one language or the other; the texts of both are checked here.
describe.each(Object.keys(languages) as Lang[])('account mails in %s', (lang) => {
	const L = languages[lang];
	const to = { email: 'ada@example.com', name: 'Ada Lovelace', locale: lang };

	it('confirming an address: at registration and for a change', () => {
		const url = `${origin}/verify/${'a'.repeat(32)}`;
		const verify = verifyMail(to, url, 7);
		expect(verify.subject).toMatch(L.verifySubject);
		expect(verify.to).toBe('ada@example.com');
		expect(verify.text).toContain(url);
		expectDecent(verify, lang);

		const change = verifyMail(to, url, 7, 'new@example.com');
		expect(change.subject).toMatch(L.changeSubject);
		expect(change.to).toBe('new@example.com');
		expect(change.text).toContain('new@example.com');
		expect(change.text).toContain(url);
		expectDecent(change, lang);
	});

	it('a registration with a known address: a notice, no link that acts', () => {
		const taken = alreadyRegisteredMail(to, origin);
		expect(taken.subject).toMatch(L.takenSubject);
		expect(taken.text).not.toContain('/verify/');
		expect(taken.text).toContain(`${origin}/forgot`);
		expectDecent(taken, lang);
	});

	it('a reset link, and the notices after an address or password change', () => {
		const url = `${origin}/reset/${'b'.repeat(32)}`;
		const reset = resetMail(to, url, 45);
		expect(reset.subject).toMatch(L.resetSubject);
		expect(reset.text).toContain(url);
		expectDecent(reset, lang);

		const changed = emailChangedMail(to, 'new@example.com');
		expect(changed.subject).toMatch(L.changedSubject);
		expect(changed.to).toBe('ada@example.com');
		expect(changed.text).toContain('new@example.com');
		expectDecent(changed, lang);

		const password = passwordChangedMail(to, origin);
		expect(password.subject).toMatch(L.passwordChangedSubject);
		expect(password.text).toContain(`${origin}/forgot`);
		expectDecent(password, lang);
	});
});
