/**
 * The `rel="next"` target of an RFC 8288 `Link` header, resolved against the page's URL; undefined
 * on the last page. Used for NRPS and AGS line item paging.
 */
export function nextLink(header: string | null, base: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(/,(?=\s*<)/)) {
		const match = /^\s*<([^>]*)>(.*)$/.exec(part);
		if (!match) continue;
		const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(match[2]);
		const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
		if (rels.includes('next')) return new URL(match[1], base).toString();
	}
	return undefined;
}
