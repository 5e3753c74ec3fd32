import { eq } from 'drizzle-orm';
import { dateFormatter } from '$lib/format';
import * as m from '$lib/paraglide/messages';
import type { Db } from '../db';
import { certificate, user, type Locale } from '../db/schema';
import { enqueueMail } from './outbox';
import { renderMail } from './render';

/**
 * Notices to a learner about what an admin did to them (V27): before, a revoked certificate or a
 * disabled account was learnt of only on the next visit. In the learner's language; the revocation
 * reason stays with the admins, as on the public page.
 */
interface To {
	email: string;
	name: string;
	locale: Locale;
}

const contactLine = (locale: Locale) => {
	const support = process.env.SUPPORT_EMAIL?.trim();
	return m.mail_question_contact({ contact: support ? ` (${support})` : '' }, { locale });
};

export function certificateRevokedMail(to: To, code: string, at: Date, origin?: string) {
	const { locale } = to;
	return renderMail(locale, to.email, 'revoked', {
		subject: m.mail_revoked_subject({}, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_revoked_body({ code, date: dateFormatter(locale).format(at) }, { locale })],
		action: origin
			? { label: m.cert_title({}, { locale }), url: `${origin}/certificates/${code}` }
			: undefined,
		after: [contactLine(locale)]
	});
}

export function accountDisabledMail(to: To) {
	const { locale } = to;
	return renderMail(locale, to.email, 'disabled', {
		subject: m.mail_disabled_subject({}, { locale }),
		greeting: m.mail_greeting({ name: to.name }, { locale }),
		paragraphs: [m.mail_disabled_body({}, { locale })],
		after: [contactLine(locale)]
	});
}

const recipient = { email: user.email, name: user.name, locale: user.locale };
/** An account that never chose a language hears in the course's base language. */
const to = (r: { email: string; name: string; locale: Locale | null }): To => ({
	...r,
	locale: r.locale ?? 'de'
});

/**
 * Queues the revocation notice to the holder, if the certificate still has one. Call in the revoking
 * transaction; `origin` (the configured one) links the certificate page.
 */
export async function noticeCertificateRevoked(tx: Db, code: string, at: Date, origin?: string) {
	const [holder] = await tx
		.select(recipient)
		.from(certificate)
		.innerJoin(user, eq(user.id, certificate.userId))
		.where(eq(certificate.code, code));
	if (holder) await enqueueMail(tx, certificateRevokedMail(to(holder), code, at, origin));
}

/** Queues the notice to a disabled account. Call in the disabling transaction. */
export async function noticeAccountDisabled(tx: Db, userId: string) {
	const [row] = await tx.select(recipient).from(user).where(eq(user.id, userId));
	if (row) await enqueueMail(tx, accountDisabledMail(to(row)));
}
