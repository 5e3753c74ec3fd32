/** Cells that a spreadsheet would run as a formula (OWASP "CSV injection") get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
	let text = value === null || value === undefined ? '' : String(value);
	if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: CRLF line ends, quotes doubled; a UTF-8 BOM so Excel reads umlauts right. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
	return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
