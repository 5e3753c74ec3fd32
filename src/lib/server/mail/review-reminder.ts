import * as m from '$lib/paraglide/messages';
import type { Locale } from '../db/schema';
import type { Mail } from './outbox';
import { renderMail } from './render';

/** A review takes about half a minute: the mail says what the learner is in for. */
const SECONDS_PER_REVIEW = 30;

export interface ReviewReminderMail {
	to: { email: string; name: string; locale: Locale };
	due: number;
	origin: string;
	/** The one-click unsubscribe token (only its hash is stored). */
	token: string;
}

/** "3 questions due — about 2 minutes", a link to /review, and a one-click way out (RFC 8058). */
export function reviewReminderMail({ to, due, origin, token }: ReviewReminderMail): Mail {
	const { locale } = to;
	const unsubscribe = `${origin}/unsubscribe/${token}`;
	const minutes = Math.max(1, Math.ceil((due * SECONDS_PER_REVIEW) / 60));
	const mail = renderMail(locale, to.email, 'review-reminder', {
		subject: m.mail_review_subject({ count: due, minutes }, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_review_body({ count: due, minutes }, { locale })],
		action: { label: m.mail_review_action({}, { locale }), url: `${origin}/review` },
		after: [m.mail_review_unsubscribe({ url: unsubscribe }, { locale })]
	});
	return { ...mail, listUnsubscribe: unsubscribe };
}
