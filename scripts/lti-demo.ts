/**
 * `npm run lti:demo`: a demo LMS on http://127.0.0.1:5190 (the fake platform of tests/lti with its
 * services), matching the registration the development seed made. Open its page to add Lernpfad
 * content by deep linking and to launch as a learner or an instructor into `npm run dev`.
 * LERNPFAD_URL points it at another Lernpfad (default http://localhost:5173).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { DEMO_PLATFORM_PORT, demoPlatform } from '../src/lib/server/lti/demo-platform';
import { CUSTOM, withServices } from '../tests/lti/advantage';
import { ROLE, startPlatform, type LaunchSpec } from '../tests/lti/platform';

const KEY_FILE = '.data/lti-demo-platform-key.json';
const toolOrigin = new URL(process.env.LERNPFAD_URL ?? 'http://localhost:5173').origin;
const CONTEXT = { id: 'demo-course', title: 'Demo-Kurs im LMS / Demo course in the LMS' };
const people = {
	instructor: { sub: 'demo-teacher', name: 'Ines Lehrend (LMS)', roles: [ROLE.instructor] },
	learner: { sub: 'demo-learner', name: 'Lukas Lernend (LMS)', roles: [ROLE.learner] },
	never: { sub: 'demo-never', name: 'Nora Neu (LMS)', roles: [ROLE.learner] }
};

/** The platform's signing key, made once: the registration trusts its JWKS across restarts. */
async function demoKey(): Promise<JWK & { kid: string }> {
	if (existsSync(KEY_FILE)) return JSON.parse(readFileSync(KEY_FILE, 'utf8'));
	const { privateKey } = await generateKeyPair('RS256', { extractable: true });
	const jwk = { ...(await exportJWK(privateKey)), kid: `demo-${Date.now().toString(36)}` };
	mkdirSync('.data', { recursive: true });
	writeFileSync(KEY_FILE, JSON.stringify(jwk));
	chmodSync(KEY_FILE, 0o600);
	return jwk;
}

const platform = await startPlatform({
	port: DEMO_PLATFORM_PORT,
	toolOrigin,
	clientId: demoPlatform.clientId,
	deploymentId: demoPlatform.deploymentIds[0],
	privateJwk: await demoKey()
});
const lms = withServices(platform, 10);
lms.members.set(
	CONTEXT.id,
	Object.values(people).map((p) => ({ user_id: p.sub, roles: p.roles, name: p.name }))
);

interface Activity {
	title: string;
	path: string;
	custom?: Record<string, string>;
	resourceId?: string;
}

/** The LMS course's activities: the course itself, and what deep linking added. */
function activities(): Activity[] {
	const added = lms.services.state.deepLinkReplies.flatMap((r) => r.contentItems);
	return [
		{ title: 'Lernpfad (whole course, not deep-linked)', path: '/' },
		...added.map((item) => ({
			title: String(item.title),
			path: new URL(String(item.url), toolOrigin).pathname,
			custom: item.custom as Record<string, string> | undefined,
			resourceId: (item.lineItem as { resourceId?: string } | undefined)?.resourceId
		}))
	];
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function indexPage(res: ServerResponse, lang: string) {
	const link = (as: string, i: number | '', label: string) =>
		`<a href="/demo/launch?as=${as}&amp;item=${i}&amp;lang=${lang}">${label}</a>`;
	const rows = activities()
		.map(
			(a, i) =>
				`<li><strong>${esc(a.title)}</strong> (${esc(a.path)}) — ${link('learner', i, 'open as learner')} · ${link('instructor', i, 'open as instructor')}</li>`
		)
		.join('');
	const scores = lms.services.state.scores
		.map(
			(s) =>
				`<li>${esc(s.userId)}: ${s.scoreGiven ?? '–'} / ${s.scoreMaximum ?? '–'} (${esc(s.activityProgress)}) — ${esc(s.lineItem)}</li>`
		)
		.join('');
	res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
	res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo LMS</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style></head><body>
<h1>Demo LMS</h1>
<p>A fake learning platform on this machine, registered in your development Lernpfad (${esc(toolOrigin)}).
Language of the launches: <a href="/?lang=en">English</a> · <a href="/?lang=de">Deutsch</a> (now: ${esc(lang)}).</p>
<h2>${esc(CONTEXT.title)}</h2>
<p>${link('picker', '', 'Add Lernpfad content (deep linking, as the instructor)')}</p>
<ul>${rows}</ul>
<p>Members (NRPS): ${Object.values(people)
		.map((p) => esc(p.name))
		.join(', ')} — ${esc(people.never.name)} never launches.</p>
<h2>Grades received (AGS)</h2>${scores ? `<ul>${scores}</ul>` : '<p>None yet: pass a quiz of a deep-linked lesson as the learner.</p>'}
</body></html>`);
}

function launchSpec(url: URL): LaunchSpec {
	const lang = url.searchParams.get('lang') === 'de' ? 'de' : 'en';
	const as = url.searchParams.get('as');
	if (as === 'picker')
		return {
			user: people.instructor,
			context: CONTEXT,
			locale: lang,
			messageType: 'LtiDeepLinkingRequest',
			claims: lms.deepLinkingClaims(CONTEXT.id)
		};
	const index = Number(url.searchParams.get('item'));
	const activity = activities()[index] ?? activities()[0];
	const lineitem = activity.resourceId ? lms.lineItem(CONTEXT.id, activity.resourceId) : undefined;
	return {
		user: as === 'instructor' ? people.instructor : people.learner,
		context: CONTEXT,
		locale: lang,
		resourceLinkId: `demo-link-${index || 0}`,
		target: activity.path,
		claims: {
			...lms.serviceClaims(CONTEXT.id, lineitem),
			...(activity.custom ? { [CUSTOM]: activity.custom } : {})
		}
	};
}

platform.routes.push((_req: IncomingMessage, res: ServerResponse, url: URL) => {
	if (url.pathname === '/') {
		indexPage(res, url.searchParams.get('lang') === 'de' ? 'de' : 'en');
		return true;
	}
	if (url.pathname === '/demo/launch') {
		res.writeHead(303, { location: platform.launchUrl(launchSpec(url)) });
		res.end();
		return true;
	}
	return false;
});

console.log(
	[
		'',
		`  Demo LMS on ${platform.url}/ — launches into ${toolOrigin} (start it with \`npm run dev\`).`,
		`  Registered there by the development seed: issuer ${demoPlatform.issuer}, client ID`,
		`  ${demoPlatform.clientId}, deployment ${demoPlatform.deploymentIds[0]}, JWKS ${demoPlatform.jwksUrl}.`,
		'  (An older .data without it: register these values on /admin/lti, or start with a fresh .data.)',
		'  Ctrl-C stops it; grade columns and grades live only as long as it runs.',
		''
	].join('\n')
);
const stop = () => void platform.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
