import type { Pickable } from '$lib/server/lti/deep-linking';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;overflow-wrap:break-word;hyphens:manual}
fieldset{border:0;padding:0;margin:0 0 1rem}legend{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
label{display:flex;gap:.75rem;align-items:flex-start;padding:.5rem 0}input{margin-top:.35em;flex:none}
.muted{color:#555}.alert{border:1px solid #b3261e;color:#b3261e;padding:.5rem .75rem;border-radius:.25rem}button{font:inherit;padding:.5rem 1rem}`;

/**
 * The picker and its reply are small pages of their own, not Svelte pages: the LMS shows them in
 * its iframe (frame-ancestors = the LMS's origin, without an LTI session cookie to go by), and the
 * reply must post to the LMS, which every Svelte page's CSP (`form-action 'self'`) forbids.
 */
function page(lang: Locale, title: string, body: string, lmsOrigin: string, script = '') {
	const nonce = crypto.randomUUID().replace(/-/g, '');
	const html = `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body><main><h1>${esc(title)}</h1>${body}</main>${
		script ? `<script nonce="${nonce}">${script}</script>` : ''
	}</body></html>`;
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; form-action 'self' ${lmsOrigin}; base-uri 'none'; frame-ancestors ${lmsOrigin}`
		}
	});
}

export function pickerPage(
	o: { items: Pickable[]; multiple: boolean; missing: boolean; action: string },
	lang: Locale,
	lmsOrigin: string
) {
	const type = o.multiple ? 'checkbox' : 'radio';
	const choices = o.items
		.map(
			(item, i) =>
				`<label><input type="${type}" name="target" value="${esc(item.target)}"${
					i === 0 && !o.multiple ? ' checked' : ''
				}><span><strong>${esc(item.title)}</strong><br><span class="muted">${esc(item.text ?? '')}</span></span></label>`
		)
		.join('\n');
	const body = `<p>${esc(o.multiple ? m.lti_dl_intro({}, { locale: lang }) : m.lti_dl_intro_one({}, { locale: lang }))}</p>
${o.missing ? `<p class="alert" role="alert">${esc(m.lti_dl_missing({}, { locale: lang }))}</p>` : ''}
<form method="post" action="${esc(o.action)}"><fieldset><legend>${esc(m.lti_dl_title({}, { locale: lang }))}</legend>
${choices}</fieldset><button type="submit">${esc(m.lti_dl_submit({}, { locale: lang }))}</button></form>`;
	return page(lang, m.lti_dl_title({}, { locale: lang }), body, lmsOrigin);
}

/** Posts the signed reply to the LMS at once (its button does it without JavaScript). */
export function autoPostPage(action: string, jwt: string, lang: Locale) {
	const lmsOrigin = new URL(action).origin;
	const body = `<form method="post" action="${esc(action)}" id="reply"><input type="hidden" name="JWT" value="${esc(jwt)}">
<p>${esc(m.lti_dl_sending({}, { locale: lang }))}</p><button type="submit">${esc(m.lti_dl_continue({}, { locale: lang }))}</button></form>`;
	return page(
		lang,
		m.lti_dl_title({}, { locale: lang }),
		body,
		lmsOrigin,
		`document.getElementById('reply').submit();`
	);
}

export function expiredPage(lang: Locale) {
	const response = page(
		lang,
		m.lti_dl_title({}, { locale: lang }),
		`<p>${esc(m.lti_dl_expired({}, { locale: lang }))}</p>`,
		"'none'"
	);
	return new Response(response.body, { status: 410, headers: response.headers });
}
