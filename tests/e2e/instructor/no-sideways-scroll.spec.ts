import { devices, type Browser, type BrowserContext } from '@playwright/test';
import { earnCertificate } from '../certificates/earn';
import { expect, freshIp, test } from '../fixtures';
import { actor, createClassVia, setRoleViaAdmin } from './world';

/**
 * W2: no page scrolls sideways, at 1280 px and on a phone, for every role. A wide table may scroll
 * inside its own box; the page itself never does.
 */
type Role = 'anyone' | 'learner' | 'instructor' | 'admin';
const viewports = {
	laptop: { viewport: { width: 1280, height: 800 } },
	phone: { ...devices['Pixel 7'] }
} as const;

interface World {
	states: Record<Exclude<Role, 'anyone'>, Awaited<ReturnType<BrowserContext['storageState']>>>;
	classPage: string;
	learnerPage: string;
	certificate: string;
}

let world: World;

async function build(browser: Browser): Promise<World> {
	const admin = await actor(browser, 'admin');
	const teacher = await actor(browser, 'new', 'Wanda Widthwise');
	await setRoleViaAdmin(admin.page, teacher.email, 'instructor');
	const { id, joinUrl } = await createClassVia(teacher.page, 'Breite Klasse mit langem Namen 2026');

	const context = await browser.newContext({
		locale: 'en-US',
		extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
	});
	const learner = await context.newPage();
	const earned = await earnCertificate(learner, 'Maximiliane Überbreit-Langname');
	await learner.goto(new URL(joinUrl).pathname);
	await learner.getByRole('button', { name: /^(Join|Beitreten)$/ }).click();
	await teacher.page.goto(`/instructor/classes/${id}`);
	const drill = await teacher.page
		.getByRole('link', { name: 'Maximiliane Überbreit-Langname' })
		.first()
		.getAttribute('href');
	const world: World = {
		states: {
			learner: await context.storageState(),
			instructor: await teacher.context.storageState(),
			admin: await admin.context.storageState()
		},
		classPage: `/instructor/classes/${id}`,
		learnerPage: drill!,
		certificate: `/certificates/${earned.code}`
	};
	for (const c of [admin.context, teacher.context, context]) await c.close();
	return world;
}

const pagesOf = (role: Role, w: World): string[] => {
	const open = [
		'/',
		'/login',
		'/register',
		'/learn/kvm-on-ibm-z',
		'/glossary',
		'/certificates/verify',
		w.certificate
	];
	switch (role) {
		case 'anyone':
			return open;
		case 'learner':
			return ['/learn', '/settings', '/learn/esxi', w.certificate, '/glossary'];
		case 'instructor':
			return [
				'/instructor',
				w.classPage,
				`${w.classPage}/show`,
				w.learnerPage,
				'/settings',
				'/learn',
				'/glossary'
			];
		case 'admin':
			return ['/admin', '/admin/audit', '/instructor', w.classPage, w.learnerPage, '/settings'];
	}
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	test.setTimeout(300_000);
	world = await build(browser);
});

for (const role of ['anyone', 'learner', 'instructor', 'admin'] as const) {
	for (const [size, device] of Object.entries(viewports)) {
		test(`no page scrolls sideways: ${role}, ${size}`, async ({ browser }) => {
			test.setTimeout(240_000);
			const context = await browser.newContext({
				...device,
				locale: 'de-DE',
				storageState: role === 'anyone' ? undefined : world.states[role],
				extraHTTPHeaders: { 'x-forwarded-for': freshIp() }
			});
			const page = await context.newPage();
			const wide: string[] = [];
			for (const path of pagesOf(role, world)) {
				await page.goto(path);
				const { scroll, client } = await page.evaluate(() => ({
					scroll: document.documentElement.scrollWidth,
					client: document.documentElement.clientWidth
				}));
				if (scroll > client) wide.push(`${path}: ${scroll} > ${client}`);
				if (path === world.classPage && size === 'laptop') {
					// The nine-lesson matrix fits a laptop without scrolling inside its own box either.
					const box = page.locator('section[aria-labelledby="matrix-heading"] .table-scroll');
					const { scroll, client, columns } = await box.evaluate((e) => ({
						scroll: e.scrollWidth,
						client: e.clientWidth,
						columns: [...e.querySelectorAll('thead th')].map(
							(th) => `${(th as HTMLElement).innerText.trim()}: ${th.getBoundingClientRect().width}`
						)
					}));
					if (scroll > client)
						wide.push(`${path}: the matrix scrolls at 1280 px (${scroll} > ${client}; ${columns})`);
				}
			}
			await context.close();
			expect(wide).toEqual([]);
		});
	}
}
