import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/** What a test reads of a received mail. */
export interface ReceivedMail {
	to: string[];
	from: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	/** The raw message, headers and all. */
	raw: string;
	receivedAt: number;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1: accepts any sender and recipient
 * without authentication, parses each message and hands it to `onMail`.
 */
export async function startSmtpServer(port: number, onMail: (mail: ReceivedMail) => void) {
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', async () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				try {
					const parsed = await simpleParser(raw);
					onMail({
						to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
						from: parsed.from?.text ?? '',
						subject: parsed.subject ?? '',
						text: parsed.text ?? '',
						html: typeof parsed.html === 'string' ? parsed.html : '',
						messageId: parsed.messageId ?? '',
						raw,
						receivedAt: Date.now()
					});
					callback();
				} catch (e) {
					callback(e as Error);
				}
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const address = server.server.address();
	return {
		port: typeof address === 'object' && address ? address.port : port,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
