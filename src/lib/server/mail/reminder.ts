import * as m from '$lib/paraglide/messages';
import type { Locale } from '../db/schema';
import { renderMail } from './render';

export interface ReminderMail {
	to: { email: string; name: string; locale: Locale };
	className: string;
	instructor: string;
	text: string;
	origin: string;
}

export function reminderMail({ to, className, instructor, text, origin }: ReminderMail) {
	const { locale } = to;
	return renderMail(locale, to.email, 'reminder', {
		subject: m.mail_reminder_subject({ class: className }, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_reminder_from({ instructor, class: className }, { locale }), text],
		action: { label: m.mail_reminder_action({}, { locale }), url: `${origin}/learn` },
		after: [m.mail_reminder_optout({ url: `${origin}/settings#reminders-heading` }, { locale })]
	});
}
