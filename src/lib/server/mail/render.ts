import * as m from '$lib/paraglide/messages';
import type { Locale } from '../db/schema';
import type { Mail } from './outbox';

export interface MailContent {
	subject: string;
	greeting: string;
	paragraphs: string[];
	/** The one thing to do, as a button in HTML and a bare link in text. */
	action?: { label: string; url: string };
	/** Said after the action (e.g. "didn't ask for this? ignore it"). */
	after?: string[];
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Plain text plus simple HTML: no images, no remote content, no tracking of any kind. */
export function renderMail(locale: Locale, to: string, kind: string, content: MailContent): Mail {
	const product = m.app_name({}, { locale });
	const footer = m.mail_footer({ product }, { locale });
	const after = content.after ?? [];
	const text = [
		content.greeting,
		...content.paragraphs,
		...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
		...after,
		`-- \n${footer}`
	].join('\n\n');
	const p = (s: string) => `<p>${escape(s)}</p>`;
	const action = content.action
		? `<p><a href="${escape(content.action.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px">${escape(content.action.label)}</a></p>` +
			`<p style="font-size:13px;color:#555555">${escape(content.action.url)}</p>`
		: '';
	const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escape(content.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:16px">
<p style="font-weight:700;font-size:18px">${escape(product)}</p>
${[content.greeting, ...content.paragraphs].map(p).join('\n')}
${action}
${after.map(p).join('\n')}
<hr style="border:none;border-top:1px solid #dddddd"><p style="font-size:13px;color:#555555">${escape(footer)}</p>
</body></html>`;
	return { to, subject: `${content.subject} · ${product}`, text, html, kind };
}
