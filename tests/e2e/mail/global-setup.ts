import { resetInboxDir, SMTP_PORT, storeMail } from './inbox';
import { startSmtpServer } from './smtp';

/** The suite's SMTP server: the app under test sends to it (SMTP_URL in playwright.config.ts). */
export default async function globalSetup() {
	resetInboxDir();
	const server = await startSmtpServer(SMTP_PORT, storeMail);
	return () => server.close();
}
