import * as m from '$lib/paraglide/messages';
import type { Locale } from '../db/schema';
import { renderMail } from './render';

interface To {
	email: string;
	name: string;
	locale: Locale;
}

export function verifyMail(to: To, url: string, days: number, newEmail?: string) {
	const { locale } = to;
	const change = newEmail !== undefined;
	return renderMail(locale, newEmail ?? to.email, change ? 'change' : 'verify', {
		subject: change ? m.mail_change_subject({}, { locale }) : m.mail_verify_subject({}, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [
			change
				? m.mail_change_body({ email: newEmail }, { locale })
				: m.mail_verify_body({ email: to.email }, { locale })
		],
		action: { label: m.mail_verify_action({}, { locale }), url },
		after: [m.mail_verify_valid({ days }, { locale }), m.mail_ignore({}, { locale })]
	});
}

/** To the owner of an address someone tried to register again: nothing about them is revealed. */
export function alreadyRegisteredMail(to: To, origin: string) {
	const { locale } = to;
	return renderMail(locale, to.email, 'taken', {
		subject: m.mail_taken_subject({}, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_taken_body({}, { locale })],
		action: { label: m.mail_taken_action({}, { locale }), url: `${origin}/login` },
		after: [
			`${m.mail_taken_forgot({}, { locale })}\n${origin}/forgot`,
			m.mail_ignore({}, { locale })
		]
	});
}

export function resetMail(to: To, url: string, minutes: number) {
	const { locale } = to;
	return renderMail(locale, to.email, 'reset', {
		subject: m.mail_reset_subject({}, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_reset_body({ minutes }, { locale })],
		action: { label: m.mail_reset_action({}, { locale }), url },
		after: [m.mail_ignore({}, { locale })]
	});
}

/** To the old address after a change: the owner learns of it even if someone else made it. */
export function emailChangedMail(to: To, newEmail: string) {
	const { locale } = to;
	return renderMail(locale, to.email, 'changed', {
		subject: m.mail_changed_subject({}, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_changed_body({ email: newEmail }, { locale })]
	});
}

/** To the address of an account whose password was changed or reset: the owner learns of it. */
export function passwordChangedMail(to: To, origin: string) {
	const { locale } = to;
	return renderMail(locale, to.email, 'password', {
		subject: m.mail_password_changed_subject({}, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_password_changed_body({}, { locale })],
		action: { label: m.mail_reset_action({}, { locale }), url: `${origin}/forgot` }
	});
}
