import { expect, freshIp, goodPassword, login, register, test, uniqueEmail } from '../fixtures';
import { linkIn, waitForMail } from './inbox';

test.use({ locale: 'en-US' });

// The review's H1, end to end through real mail: a change link kept by someone who once knew the
// password must not survive the owner's reset.
test('an e-mail-change link kept by an attacker dies with the owner’s password reset (H1)', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const { email } = await register(page, { name: 'Vera Victim' });
	const attackerAddress = uniqueEmail('attacker');

	// The attacker, who knows the password for a moment, asks to move the account.
	const attacker = await browser.newContext({
		locale: 'en-US',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const evil = await attacker.newPage();
	await login(evil, email, goodPassword);
	await evil.waitForURL(/\/learn/);
	await evil.goto('/settings');
	const section = evil.getByRole('region', { name: 'Email address' });
	await section.getByLabel('New email address').fill(attackerAddress);
	await section.getByLabel('Current password').fill(goodPassword);
	await section.getByRole('button', { name: 'Send confirmation link' }).click();
	await expect(section.getByRole('status')).toContainText(attackerAddress);
	const change = linkIn(await waitForMail(attackerAddress), '/verify/');

	// The owner sees the pending change in the settings.
	await page.goto('/settings');
	await expect(page.getByText(`A change to ${attackerAddress} is waiting`)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Cancel the change' })).toBeVisible();

	// The owner "recovers" the account by a reset and is told by mail.
	await page.goto('/forgot');
	await page.getByLabel('Email address').fill(email);
	await page.getByRole('button', { name: 'Send link' }).click();
	const reset = linkIn(await waitForMail(email, { subject: /Set a new password/ }), '/reset/');
	await page.goto(reset);
	await page.getByLabel('New password').fill('Owner-Has-It-Back-42');
	await page.getByRole('button', { name: 'Save password' }).click();
	await page.waitForURL(/\/learn\?reset=1/);
	const notice = await waitForMail(email, { subject: /Your password was changed/ });
	expect(notice.text).toContain("If this wasn't you");

	// The attacker's link is dead, and the pending change is gone from the settings.
	await evil.goto(change);
	await expect(evil.getByRole('alert')).toContainText('has expired or was already used');
	const post = await evil.request.post(change, {
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		form: {}
	});
	expect(post.status()).toBe(400);
	await page.goto('/settings');
	await expect(page.getByText('is waiting')).toHaveCount(0);
	await expect(page.getByText(`Your address: ${email}`)).toBeVisible();
	await attacker.close();
});
