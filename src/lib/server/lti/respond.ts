import { redirect, type RequestEvent } from '@sveltejs/kit';
import { DeepLinkingError, startDeepLinking } from './deep-linking';
import { refreshRoster } from './nrps';
import { decodeJwt } from 'jose';
import { lessonSlugs } from '$lib/course/lessons';
import * as m from '$lib/paraglide/messages';
import { toLocale, type Locale } from '$lib/paraglide/runtime';
import { db } from '../db';
import { applyLaunch } from './accounts';
import { CLAIM, type LaunchClaims } from './claims';
import { frameAncestors } from './frames';
import { LaunchError, verifyLaunch, type LaunchErrorCode } from './launch';
import {
	consumeLogin,
	peekLogin,
	startLogin,
	type LoginErrorCode,
	type LoginRequest
} from './login';
import { ltiPage } from './page';
import { platformJwks } from './platform-keys';
import { isDeployment, platformById, platformsOf } from './registrations';
import {
	clearStateCookie,
	consumeSignInToken,
	hasStateCookie,
	issueSignInToken,
	setStateCookie,
	startLtiSession
} from './session';
import { startSession } from '../auth/start-session';

type Code = LaunchErrorCode | LoginErrorCode;
const messages: Record<Code, (i: object, o: { locale: Locale }) => string> = {
	login_params: m.lti_error_login_params,
	iss: m.lti_error_iss,
	client_id: m.lti_error_client_id,
	target: m.lti_error_target,
	deployment: m.lti_error_deployment,
	malformed: m.lti_error_malformed,
	alg: m.lti_error_alg,
	aud: m.lti_error_aud,
	signature: m.lti_error_signature,
	unknown_kid: m.lti_error_unknown_kid,
	jwks_unavailable: m.lti_error_jwks_unavailable,
	expired: m.lti_error_expired,
	iat_future: m.lti_error_iat_future,
	state: m.lti_error_state,
	nonce: m.lti_error_nonce,
	message_type: m.lti_error_message_type,
	claims: m.lti_error_claims
};

/** A refusal: the platform's return_url with `lti_errormsg` when it gave one, else our page. */
async function refuse(locale: Locale, code: Code, returnUrl?: string, text?: string) {
	const message = text ?? messages[code]({}, { locale });
	if (returnUrl) {
		try {
			const back = new URL(returnUrl);
			if (back.protocol === 'https:' || back.protocol === 'http:') {
				back.searchParams.set('lti_errormsg', message);
				back.searchParams.set('lti_errorlog', `lernpfad: ${code}`);
				return new Response(null, { status: 303, headers: { location: back.href } });
			}
		} catch {
			// not a URL: show our page
		}
	}
	return ltiPage({
		lang: locale,
		title: m.lti_error_title({}, { locale }),
		paragraphs: [message, m.lti_error_retry({ code }, { locale })],
		status: code === 'jwks_unavailable' ? 502 : 400,
		frameAncestors: await frameAncestors()
	});
}

/** The language of a launch: the platform's `launch_presentation.locale`, else the request's. */
function localeOf(event: RequestEvent, idToken?: unknown): Locale {
	if (typeof idToken === 'string') {
		try {
			const claims = decodeJwt(idToken) as Partial<LaunchClaims>;
			const asked = claims[CLAIM.launchPresentation]?.locale ?? claims.locale;
			const found =
				typeof asked === 'string' ? toLocale(asked.slice(0, 2).toLowerCase()) : undefined;
			if (found) return found;
		} catch {
			// unreadable: the request's language
		}
	}
	return event.locals.locale;
}

const readForm = async (request: Request) => {
	try {
		return Object.fromEntries(
			[...(await request.formData()).entries()].filter(([, v]) => typeof v === 'string')
		) as Record<string, string>;
	} catch {
		return {};
	}
};

/** `/lti/login` (GET or POST): OIDC third-party initiated login. */
export async function handleLogin(event: RequestEvent): Promise<Response> {
	const params: LoginRequest =
		event.request.method === 'POST'
			? await readForm(event.request)
			: Object.fromEntries(event.url.searchParams);
	const locale = event.locals.locale;
	const start = await startLogin(params, event.url.origin);
	if (!start.ok) return refuse(locale, start.code);
	setStateCookie(event.cookies, start.state);
	if (!start.storageTarget) redirect(302, start.redirect);
	// Platform storage (1EdTech LTI postMessage Storage): keep the state in the LMS's window too,
	// for browsers that refuse the cookie above in this third-party frame.
	const origin = new URL(start.platform.authUrl).origin;
	const data = JSON.stringify({
		target: start.storageTarget,
		origin,
		key: `state_${start.state}`,
		value: start.state,
		next: start.redirect
	}).replace(/</g, '\\u003c');
	return ltiPage({
		lang: locale,
		title: m.lti_storage_title({}, { locale }),
		paragraphs: [m.lti_storage_text({}, { locale })],
		links: [{ href: start.redirect, label: m.lti_continue({}, { locale }) }],
		frameAncestors: await frameAncestors(),
		script: `(function(){var d=${data};var f=d.target==='_parent'?window.parent:window.parent.frames[d.target];var id='put-'+Math.random().toString(36).slice(2);var go=function(){location.replace(d.next)};window.addEventListener('message',function(e){if(e.origin===d.origin&&e.data&&e.data.subject==='lti.put_data.response'&&e.data.message_id===id)go()});try{f.postMessage({subject:'lti.put_data',message_id:id,key:d.key,value:d.value},d.origin)}catch(x){go()}setTimeout(go,2000)})();`
	});
}

/** The page that fetches the state back from platform storage and posts the launch again. */
function fromStorage(
	locale: Locale,
	target: string,
	origin: string,
	fields: Record<string, string>
) {
	const data = JSON.stringify({ target, origin, key: `state_${fields.state}` }).replace(
		/</g,
		'\\u003c'
	);
	return ltiPage({
		lang: locale,
		title: m.lti_storage_title({}, { locale }),
		paragraphs: [m.lti_storage_text({}, { locale })],
		form: {
			action: '/lti/launch',
			fields: { ...fields, lti_storage_state: '' },
			button: m.lti_continue({}, { locale })
		},
		script: `(function(){var d=${data};var form=document.getElementById('lti-form');var f=d.target==='_parent'?window.parent:window.parent.frames[d.target];var id='get-'+Math.random().toString(36).slice(2);var done=false;var go=function(v){if(done)return;done=true;form.elements.lti_storage_state.value=v||'';form.submit()};window.addEventListener('message',function(e){if(e.origin===d.origin&&e.data&&e.data.subject==='lti.get_data.response'&&e.data.message_id===id)go(e.data.value)});try{f.postMessage({subject:'lti.get_data',message_id:id,key:d.key},d.origin)}catch(x){go('')}setTimeout(function(){go('')},2000)})();`
	});
}

function nextPath(target: string, teaching: boolean, classId: string | null) {
	if (teaching) return classId ? `/instructor/classes/${classId}` : '/instructor';
	return target === 'course' ? '/learn' : `/learn/${target}`;
}

/** `/lti/launch` (POST, form_post from the platform): the id_token and state. */
export async function handleLaunch(event: RequestEvent): Promise<Response> {
	const form = await readForm(event.request);
	const locale = localeOf(event, form.id_token);
	if (form.error) {
		const text = m.lti_error_platform({ error: form.error_description || form.error }, { locale });
		return refuse(locale, 'malformed', undefined, text);
	}
	const { id_token: idToken, state } = form;
	if (!idToken || !state) return refuse(locale, 'malformed');

	// The browser that started the login must be the one finishing it (login CSRF): by the state
	// cookie, or by platform storage — whose answer we accept only from our own page (same origin).
	const sameOrigin = event.request.headers.get('origin') === event.url.origin;
	const bound =
		hasStateCookie(event.cookies, state) || (sameOrigin && form.lti_storage_state === state);
	if (!bound) {
		const login = await peekLogin(state);
		const platform = login?.storageTarget && (await platformById(login.platformId));
		if (login?.storageTarget && platform && form.lti_storage_state === undefined)
			return fromStorage(locale, login.storageTarget, new URL(platform.authUrl).origin, {
				id_token: idToken,
				state
			});
		return refuse(locale, 'state');
	}

	const database = db();
	let launch;
	try {
		launch = await verifyLaunch(idToken, state, {
			platforms: (issuer) => platformsOf(issuer, database),
			jwks: (platform, refresh) => platformJwks(platform, refresh),
			isDeployment: (platformId, deploymentId) => isDeployment(platformId, deploymentId, database),
			consumeLogin: (s) => consumeLogin(s, database),
			now: () => new Date()
		});
	} catch (e) {
		if (e instanceof LaunchError) return refuse(locale, e.code, e.returnUrl);
		throw e;
	}
	clearStateCookie(event.cookies, state);
	const returnUrl = launch.claims[CLAIM.launchPresentation]?.return_url;
	if (launch.messageType === 'LtiDeepLinkingRequest') {
		let picker;
		try {
			picker = await startDeepLinking(launch, database);
		} catch (e) {
			if (!(e instanceof DeepLinkingError)) throw e;
			return refuse(locale, 'message_type', returnUrl, m.lti_error_deep_linking({}, { locale }));
		}
		redirect(303, `${picker}?lang=${locale}`);
	}

	const platform = (await platformById(launch.platformId, database))!;
	const outcome = await applyLaunch(database, platform, launch, {
		toolOrigin: event.url.origin,
		slugs: lessonSlugs,
		neutralName: m.lti_neutral_name({}, { locale }),
		locale
	});
	await startLtiSession(database, event.cookies, outcome.userId);
	// The LMS roster behind the class page, fetched while the instructor's page loads (never throws).
	if (outcome.teaching && outcome.contextRowId) void refreshRoster(outcome.contextRowId, database);
	const next = nextPath(outcome.target, outcome.teaching, outcome.classId);
	const target = launch.claims[CLAIM.launchPresentation]?.document_target;
	if (target === 'window') redirect(303, next);
	const token = await issueSignInToken(database, outcome.userId, next);
	redirect(303, `/lti/continue?next=${encodeURIComponent(next)}&t=${token}`);
}

const safePath = (p: string | null) => (p && p.startsWith('/') && !p.startsWith('//') ? p : '/');

/** After an iframe launch: signed in (the partitioned cookie came back) or offer a new window. */
export async function handleContinue(event: RequestEvent): Promise<Response> {
	const next = safePath(event.url.searchParams.get('next'));
	const token = event.url.searchParams.get('t') ?? '';
	if (event.locals.user) {
		if (token) await consumeSignInToken(db(), token);
		redirect(303, next);
	}
	const locale = event.locals.locale;
	return ltiPage({
		lang: locale,
		title: m.lti_blocked_title({}, { locale }),
		paragraphs: [m.lti_blocked_text({}, { locale })],
		links: [
			{
				href: `/lti/signin?t=${encodeURIComponent(token)}`,
				label: m.lti_open_window({}, { locale }),
				newWindow: true
			}
		],
		frameAncestors: await frameAncestors()
	});
}

/** `/lti/signin?t=…`: the one-time link of "open in a new window". */
export async function handleSignIn(event: RequestEvent): Promise<Response> {
	const row = await consumeSignInToken(db(), event.url.searchParams.get('t') ?? '');
	if (row) {
		await startSession(db(), event.cookies, row.userId);
		redirect(303, safePath(row.redirectTo));
	}
	const locale = event.locals.locale;
	return ltiPage({
		lang: locale,
		title: m.lti_signin_expired_title({}, { locale }),
		paragraphs: [m.lti_signin_expired({}, { locale })],
		status: 400
	});
}
