import { expect, test } from '../fixtures';
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
	// axe: tests/e2e/walk/layout.spec.ts checks the trail with a filter and the form with a wrong
	// value (in German, in both widths and schemes); this one is the same page in English.

	// V20: narrowed by action and days (the search kept); wrong values give the form back, not a 500.
	await admin.page.getByLabel(/^(Action|Aktion)$/).selectOption('user.role');
	const today = new Date().toISOString().slice(0, 10);
	await admin.page.getByLabel(/From \(date\)|Von \(Datum\)/).fill('2020-01-01');
	await admin.page.getByRole('button', { name: /^(Search|Suchen)$/ }).click();
	await expect(admin.page).toHaveURL(/action=user.role/);
	await expect(admin.page.locator('tbody tr')).toHaveCount(1);
	await expect(admin.page.locator('tbody tr')).toContainText(subject.email);
	const bad = await admin.page.goto(`/admin/audit?action=user.nope&from=${today}&to=2020-01-01`);
	expect(bad?.status()).toBeLessThan(500);
	await expect(admin.page.getByRole('alert').first()).toContainText(/not applied|nicht angewendet/);
	await expect(
		admin.page.getByText(/Choose one of the listed actions|Wähle eine der/)
	).toBeVisible();
	await expect(admin.page.getByText(/end date is before|Enddatum liegt vor/)).toBeVisible();
	await expect(admin.page.locator('tbody tr')).toHaveCount(0);

	// Learners and instructors cannot read it.
	const denied = await subject.page.goto('/admin/audit');
	expect(denied?.status()).toBe(403);
	await Promise.all([admin.context.close(), subject.context.close()]);
});
