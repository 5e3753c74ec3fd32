import { expect, expectNoAxeViolations, test } from '../fixtures';
import { actor, setRoleViaAdmin } from './world';

test('an admin reads who did what in the audit trail, and finds it by search', async ({
	browser
}) => {
	const admin = await actor(browser, 'admin');
	const subject = await actor(browser, 'new', 'Audit Subject', 'de-DE');
	await setRoleViaAdmin(admin.page, subject.email, 'instructor');

	await admin.page.goto('/admin');
	await admin.page.getByRole('link', { name: /View the audit trail|Protokoll ansehen/ }).click();
	await admin.page.getByLabel(/Search by person|Suchen nach Person/).fill(subject.email);
	await admin.page.getByRole('button', { name: /^(Search|Suchen)$/ }).click();
	const row = admin.page.locator('tbody tr').first();
	await expect(row).toContainText('E2E Admin');
	await expect(row).toContainText(/Role changed|Rolle geändert/);
	await expect(row).toContainText(subject.email);
	await expect(row).toContainText(/Learner → Instructor|Lernende.* → /);
	await expectNoAxeViolations(admin.page);

	// Learners and instructors cannot read it.
	const denied = await subject.page.goto('/admin/audit');
	expect(denied?.status()).toBe(403);
	await Promise.all([admin.context.close(), subject.context.close()]);
});
