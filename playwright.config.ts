import { defineConfig, devices } from '@playwright/test';
import { E2E_ADMIN } from './tests/e2e/e2e-admin';
import { SMTP_PORT } from './tests/e2e/mail/inbox';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const ORIGIN = `http://localhost:${PORT}`;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	// 4 in CI: most of a test's time is spent waiting (browser, server, SMTP), not on the 2 cores.
	workers: process.env.CI ? 4 : undefined,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	// CI runs 4 workers on 2 cores: a test that checks many pages with axe needs the room.
	timeout: process.env.CI ? 120_000 : 60_000,
	// A real SMTP server for the app's mail; tests read what arrived (tests/e2e/mail/inbox.ts).
	globalSetup: './tests/e2e/mail/global-setup.ts',
	use: {
		baseURL: ORIGIN,
		trace: 'retain-on-failure',
		launchOptions: {
			// Debian's Chromium: browsers cannot be downloaded on these machines.
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
		{ name: 'phone', use: { ...devices['Pixel 7'], channel: undefined }, grep: /@phone/ },
		// Property-based fuzzing of every form action and route (fast-check): FUZZ_RUNS inputs each.
		{ name: 'fuzz', testDir: 'tests/fuzz' }
	],
	webServer: {
		command: 'bash tests/e2e/serve.sh',
		url: `${ORIGIN}/healthz`,
		reuseExistingServer: false,
		// A fresh PGlite plus the admin CLI take 20–40 s on a busy 2-core machine.
		timeout: 150_000,
		stdout: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN,
			// Each test gets its own client address (see tests/e2e/fixtures.ts), so throttling per IP
			// is exercised without one test's sign-ups limiting the next.
			ADDRESS_HEADER: 'x-forwarded-for',
			E2E_ADMIN_EMAIL: E2E_ADMIN.email,
			E2E_ADMIN_PASSWORD: E2E_ADMIN.password,
			XFF_DEPTH: '1',
			SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
			MAIL_FROM: 'Lernpfad <no-reply@lernpfad.test>',
			// The server may come up before the SMTP server: retry soon, not after 30 s.
			MAIL_RETRY_SECONDS: '1',
			// Lets tests move the review clock with an `x-test-now` header (src/lib/server/review/clock.ts).
			TEST_CLOCK: '1',
			...(process.env.DATABASE_URL
				? { DATABASE_URL: process.env.DATABASE_URL }
				: { PGLITE_DATA_DIR: '.data/e2e-pglite' })
		}
	}
});
