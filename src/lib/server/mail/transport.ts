import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	html: string;
	listUnsubscribe?: string;
	/** Stable per outbox row, so a receiver can drop the copy of a mail sent again after a crash. */
	messageId: string;
}

export interface MailTransport {
	/** `smtp` sends for real; `console` is the development outbox (printed, listed at /dev/outbox). */
	kind: 'smtp' | 'console';
	send(mail: OutgoingMail): Promise<void>;
	close(): void;
}

export function mailFrom(): string {
	return process.env.MAIL_FROM || 'Lernpfad <no-reply@localhost>';
}

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs `List-Unsubscribe=One-Click` to the URL
 * (no session, no Origin). Providers honour it only in a DKIM-signed mail whose signature covers
 * both headers (docs/OPERATIONS.md, "Mail").
 */
export function unsubscribeHeaders(url: string) {
	return {
		'List-Unsubscribe': `<${url}>`,
		'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
	};
}

function smtpTransport(url: string): MailTransport {
	// Short timeouts: a slow or dead server delays only the sender loop, never a request, and a
	// claimed row's lease (see outbox.ts) is far longer than one attempt can take.
	const transporter: Transporter = nodemailer.createTransport({
		url,
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 30_000
	});
	return {
		kind: 'smtp',
		async send(mail) {
			await transporter.sendMail({
				from: mailFrom(),
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				messageId: mail.messageId,
				headers: mail.listUnsubscribe ? unsubscribeHeaders(mail.listUnsubscribe) : undefined
			});
		},
		close: () => transporter.close()
	};
}

const consoleTransport: MailTransport = {
	kind: 'console',
	async send(mail) {
		console.log(
			`\n── mail (development outbox; set SMTP_URL to send) ──\nTo: ${mail.to}\nSubject: ${mail.subject}\n${mail.listUnsubscribe ? `List-Unsubscribe: <${mail.listUnsubscribe}>\n` : ''}\n${mail.text}\n──`
		);
	},
	close: () => {}
};

/** SMTP when `SMTP_URL` is set (e.g. `smtps://user:pass@mail.example.org:465`), else the console. */
export function mailTransportFromEnv(env = process.env): MailTransport {
	return env.SMTP_URL ? smtpTransport(env.SMTP_URL) : consoleTransport;
}
