/** Small HTML pages the LTI endpoints answer with (they run before any Svelte page can). */
const esc = (s: string) =>
	s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

export interface LtiPage {
	lang: string;
	title: string;
	paragraphs?: string[];
	links?: { href: string; label: string; newWindow?: boolean }[];
	/** A form the page posts (itself, with JavaScript, or by its button without). */
	form?: { action: string; fields: Record<string, string>; button: string; auto?: boolean };
	/** Inline script, allowed by its nonce only. */
	script?: string;
	status?: number;
	/** Origins that may frame the page (the registered platforms); none → unframeable. */
	frameAncestors?: string[];
}

export function ltiPage(p: LtiPage): Response {
	const nonce = crypto.randomUUID().replace(/-/g, '');
	const form = p.form
		? `<form method="post" action="${esc(p.form.action)}" id="lti-form">${Object.entries(
				p.form.fields
			)
				.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
				.join('')}<button type="submit">${esc(p.form.button)}</button></form>`
		: '';
	const auto = p.form?.auto && !p.script ? `document.getElementById('lti-form').submit();` : '';
	const script = p.script || auto ? `<script nonce="${nonce}">${p.script ?? auto}</script>` : '';
	const html = `<!doctype html>
<html lang="${esc(p.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;overflow-wrap:break-word;hyphens:manual}a{color:#0b57d0}button{font:inherit;padding:.5rem 1rem}</style>
</head><body><main><h1>${esc(p.title)}</h1>
${(p.paragraphs ?? []).map((t) => `<p>${esc(t)}</p>`).join('\n')}
${form}
${(p.links ?? [])
	.map(
		(l) =>
			`<p><a href="${esc(l.href)}"${l.newWindow ? ' target="_blank" rel="noopener"' : ''}>${esc(l.label)}</a></p>`
	)
	.join('\n')}
</main>${script}</body></html>`;
	const ancestors = p.frameAncestors?.length ? p.frameAncestors.join(' ') : "'none'";
	return new Response(html, {
		status: p.status ?? 200,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; form-action 'self' https: http:; base-uri 'none'; frame-ancestors ${ancestors}`
		}
	});
}
