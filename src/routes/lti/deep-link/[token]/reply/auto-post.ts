import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64 } from '@oslojs/encoding';
import * as m from '$lib/paraglide/messages';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SCRIPT = 'document.forms[0].submit();';
const SCRIPT_HASH = `'sha256-${encodeBase64(sha256(new TextEncoder().encode(SCRIPT)))}'`;

/**
 * A page that posts `fields` to `action` at once (a button does it without JavaScript). Its CSP
 * allows exactly that script and a form post to that origin; it may be framed by that origin (the
 * LMS shows the picker in an iframe).
 */
export function autoPostPage(action: string, fields: Record<string, string>, locale: string) {
	const origin = new URL(action).origin;
	const inputs = Object.entries(fields)
		.map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
		.join('');
	const html = `<!doctype html><html lang="${escape(locale)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(m.lti_dl_title())}</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem;"><main>
<form method="POST" action="${escape(action)}">${inputs}<p>${escape(m.lti_dl_sending())}</p>
<button type="submit">${escape(m.lti_dl_continue())}</button></form></main>
<script>${SCRIPT}</script></body></html>`;
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'content-security-policy': `default-src 'none'; script-src ${SCRIPT_HASH}; style-src 'unsafe-inline'; form-action ${origin}; base-uri 'none'; frame-ancestors ${origin}`
		}
	});
}
