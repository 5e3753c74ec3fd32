/** The admin that tests/e2e/serve.sh creates with `user:create` before the server starts. */
export const E2E_ADMIN = { email: 'e2e-root@example.com', password: 'E2E-Admin-Passwort-2026' };
