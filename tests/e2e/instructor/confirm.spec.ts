import type { Browser } from '@playwright/test';
import { expect, expectNoAxeViolations, freshIp, test } from '../fixtures';
import { actor, createClassVia, setRoleViaAdmin } from './world';

/**
 * W5: removing a learner, a new join code and archiving first ask, naming what they affect, then
 * report the result beside the action — with JavaScript and without. And what a visitor then meets:
 * a clear message for a wrong, replaced or archived code.
 */
async function classWithLearner(browser: Browser, js: boolean) {
	const admin = await actor(browser, 'admin');
	const teacher = await actor(browser, 'new', 'Conny Confirm');
	await setRoleViaAdmin(admin.page, teacher.email, 'instructor');
	const { id, joinUrl } = await createClassVia(teacher.page, 'Vorsichtige Klasse');
	const learner = await actor(browser, 'new', 'Ruth Removable');
	await learner.page.goto(new URL(joinUrl).pathname);
	await learner.page.getByRole('button', { name: /^(Join|Beitreten)$/ }).click();
	await expect(learner.page.getByRole('status').first()).toContainText('Vorsichtige Klasse');
	// The instructor acts in a context of its own, with or without JavaScript.
	const context = await browser.newContext({
		locale: 'en-US',
		javaScriptEnabled: js,
		storageState: await teacher.context.storageState(),
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const page = await context.newPage();
	await page.goto(`/instructor/classes/${id}`);
	const close = async () => {
		for (const c of [admin.context, teacher.context, learner.context, context]) await c.close();
	};
	return { page, joinUrl, learner, close };
}

// One class per JavaScript mode serves all three actions (a class with a learner took an admin, an
// instructor, a class and a learner made through the UI: most of each test). The order keeps every
// check as it was alone: the new join code while the class is open, archiving while its learner is
// still in it, then removing that learner (an archived class keeps its learners and their rows).
for (const js of [true, false]) {
	test(`destructive actions confirm first (JavaScript ${js ? 'on' : 'off'}): a new join code, archiving, removing a learner`, async ({
		browser
	}) => {
		test.setTimeout(360_000);
		const { page, joinUrl, learner, close } = await classWithLearner(browser, js);
		const visitor = await browser.newPage({
			locale: 'de-DE',
			extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
		});

		await test.step('a new join code names the old code and reports beside the buttons', async () => {
			const oldCode = joinUrl.split('/').pop()!;
			await page.getByRole('link', { name: 'New join code' }).click();
			const ask = page.getByRole('group', { name: 'Please confirm' });
			await expect(ask).toContainText(`The code ${oldCode}, its link and its QR code stop working`);
			await ask.getByRole('button', { name: 'Make a new join code' }).click();
			const done = page.locator('section[aria-labelledby="join-heading"]').getByRole('status');
			await expect(done).toContainText('The old one no longer works');
			// V4: the question closes once answered; left open it named the new code for a second click.
			await expect(page.getByRole('group', { name: 'Please confirm' })).toHaveCount(0);
			await expect(page.locator('.code')).not.toHaveText(oldCode);
			expect((await learner.page.goto(new URL(joinUrl).pathname))?.status()).toBe(404);
			// A visitor's view of a code that names no class (once: the instructor's JavaScript plays no part).
			if (js) {
				expect((await visitor.goto('/join/NOPENOPE'))?.status()).toBe(404);
				await expect(visitor.getByText('Zu diesem Code gibt es keine Klasse.')).toBeVisible();
			}
		});

		await test.step('archiving names the class and its learners and reports beside the buttons', async () => {
			await page.getByRole('link', { name: 'Archive class' }).click();
			const ask = page.getByRole('group', { name: 'Please confirm' });
			await expect(ask).toContainText(
				'Archive “Vorsichtige Klasse”? Nobody can join any more; its 1 learner stays'
			);
			await ask.getByRole('link', { name: 'Cancel' }).click();
			// Wait until "cancel" has landed: a click on "Archive class" while the address still asks
			// would be a same-page link, and the cancel arriving after it would close the question again.
			await expect(ask).toHaveCount(0);
			await expect(page.getByRole('button', { name: 'Reactivate' })).toHaveCount(0);
			await page.getByRole('link', { name: 'Archive class' }).click();
			await page.getByRole('button', { name: 'Archive the class' }).click();
			const done = page.locator('section[aria-labelledby="join-heading"]').getByRole('status');
			await expect(done).toContainText('nobody can join any more');
			await expect(page.getByRole('button', { name: 'Reactivate' })).toBeVisible();
			// The new code of an archived class: 410 and a message of its own.
			if (js) {
				const newPath = new URL(await page.locator('#join-url').inputValue()).pathname;
				expect((await visitor.goto(newPath))?.status()).toBe(410);
				await expect(visitor.getByText('Diese Klasse ist archiviert.')).toBeVisible();
			}
		});

		await test.step('removing a learner names them, can be cancelled, then reports beside the table', async () => {
			await page.getByRole('link', { name: 'Remove Ruth Removable from the class' }).click();
			const ask = page.getByRole('group', { name: 'Please confirm' });
			await expect(ask).toContainText('Remove Ruth Removable (');
			await expect(ask).toContainText('from “Vorsichtige Klasse”');
			// axe runs inside the page: only where JavaScript runs.
			if (js) await expectNoAxeViolations(page);
			await ask.getByRole('link', { name: 'Cancel' }).click();
			await expect(page.getByRole('group', { name: 'Please confirm' })).toHaveCount(0);
			await expect(page.locator('table.matrix tbody tr')).toHaveCount(1);

			await page.getByRole('link', { name: 'Remove Ruth Removable from the class' }).click();
			await page.getByRole('button', { name: 'Remove Ruth Removable' }).click();
			const done = page.locator('section[aria-labelledby="matrix-heading"]').getByRole('status');
			await expect(done).toHaveText('Ruth Removable was removed from the class.');
			await expect(page.getByText('Nobody has joined this class yet.')).toBeVisible();
		});
		await visitor.close();
		await close();
	});
}
