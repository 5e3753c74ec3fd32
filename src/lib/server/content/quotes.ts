/**
 * Quotations the course attributes to its source document must be the document's words. A sentence
 * that names the document ("laut Dokument", "das Dokument nennt …", "according to the document",
 * "the document says") vouches for every „…“ / "…" in it; each such quotation, normalised for case,
 * whitespace, ß/ss, quote styles and markup, must occur in the document. An ellipsis (… or [...])
 * inside a quotation stands for left-out words: each piece must occur, in order.
 */

const ATTRIBUTION =
	/(laut dokument|(?:das|dem|des|im|vom) dokuments?\b|dokument (?:nennt|sagt|schreibt|spricht)|according to the document|the document(?:'s)?\b|the paper\b|(?:laut |in )?(?:kapitel|abschnitt|chapter|section) \d(?:\.\d)*(?: des dokuments)? (?:sagt|heisst es|nennt|schreibt|says|calls|speaks))/i;

/** Lower-cased, ß → ss, quote marks, markup and emphasis dropped, whitespace collapsed. */
export function normalizeQuoted(text: string): string {
	return text
		.normalize('NFC')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&amp;/g, '&')
		.replace(/\*\*|__|`/g, '')
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.replace(/[„“”«»‚‘’"'‹›]/g, '')
		.replace(/[\s\u00a0\u202f\u00ad]+/g, ' ')
		.replace(/^[\s.,;:!?–-]+|[\s.,;:!?–-]+$/g, '')
		.trim();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const QUOTE = /„([^“\n]{1,400})“|"([^"\n]{1,400})"/g;

/** A quotation right after one of these names a part of the course (a section, box or lesson), not the document. */
const COURSE_NAME = /(Abschnitts?|Abschnitte|Denkanstoss|Kasten|Lektion \d+(?:\*\*)? \(|section|box|lesson \d+(?:\*\*)? \()\s*(?:\*\*)?\s*$/i;

/**
 * A translated quotation followed by the original, as in `"merely rudimentary" (German: „lediglich
 * rudimentär“)` or `„sehr ausgereift“ (im Original: "highly mature")`: the original is what is checked.
 */
const ORIGINAL = /^\s*\((?:German|im Original|original):?\s*(?:„([^“\n]{1,400})“|"([^"\n]{1,400})")\)/i;

export interface AttributedQuote {
	quote: string;
	sentence: string;
}

/** The sentence of `text` around [start, end): from the last sentence end before to the first after. */
function sentenceAround(text: string, start: number, end: number): string {
	const before = text.slice(0, start);
	const ends = [...before.matchAll(/[.!?]\s+(?=[A-ZÄÖÜ„"*<(])|\n\s*\n|^\s*[-*] |\n/g)];
	const from = ends.length ? ends[ends.length - 1].index! + ends[ends.length - 1][0].length : 0;
	const after = text.slice(end);
	const next = /[.!?](?=\s+[A-ZÄÖÜ„"*<(]|\s*$)|\n/.exec(after);
	return text.slice(from, end + (next ? next.index + 1 : after.length));
}

/** Every quotation in `text` that a sentence naming the document attributes to it. */
export function attributedQuotes(raw: string): AttributedQuote[] {
	// markup goes first: a glossary link inside a quotation is still the quotation's word
	const text = raw.replace(/<[^>]*>/g, '');
	const found: AttributedQuote[] = [];
	let skipUntil = -1;
	for (const m of text.matchAll(QUOTE)) {
		if (m.index! < skipUntil) continue;
		if (COURSE_NAME.test(text.slice(Math.max(0, m.index! - 30), m.index!))) continue;
		const original = ORIGINAL.exec(text.slice(m.index! + m[0].length));
		if (original) skipUntil = m.index! + m[0].length + original[0].length;
		const quote = original ? (original[1] ?? original[2]) : (m[1] ?? m[2]);
		const sentence = sentenceAround(text, m.index!, m.index! + m[0].length);
		if (ATTRIBUTION.test(sentence.replace(m[0], ' '))) found.push({ quote, sentence: sentence.trim() });
	}
	return found;
}

/** Whether `quote` (with … or [...] for left-out words) occurs in the normalised document. */
export function occursIn(quote: string, normalizedDocument: string): boolean {
	let at = 0;
	for (const piece of quote.split(/\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\./)) {
		const p = normalizeQuoted(piece);
		if (!p) continue;
		// whole words only: „normale“ is not found in "normalerweise"
		const word = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(p)}(?![\\p{L}\\p{N}])`, 'u');
		const hit = word.exec(normalizedDocument.slice(at));
		if (!hit) return false;
		at += hit.index + p.length;
	}
	return true;
}

/** The quotations of `text` attributed to the document that the document does not contain. */
export function inventedQuotes(text: string, document: string): AttributedQuote[] {
	const doc = normalizeQuoted(document);
	return attributedQuotes(text).filter((q) => !occursIn(q.quote, doc));
}
