/** Cells that a spreadsheet would run as a formula (OWASP "CSV injection") get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | null | undefined;

/**
 * `csv`: RFC 4180 with commas. `excel-de`: what Excel with German regional settings opens as
 * columns — semicolons and decimal commas.
 */
export type CsvFormat = 'csv' | 'excel-de';

export function csvCell(value: Cell, format: CsvFormat = 'csv'): string {
	let text = value === null || value === undefined ? '' : String(value);
	if (typeof value === 'number' && format === 'excel-de') text = text.replace('.', ',');
	if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	const special = format === 'excel-de' ? /[";\r\n]/ : /[",;\r\n]/;
	return special.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF line end. */
export const csvLine = (row: Cell[], format: CsvFormat = 'csv') =>
	row.map((c) => csvCell(c, format)).join(format === 'excel-de' ? ';' : ',') + '\r\n';

/** A UTF-8 BOM so Excel reads umlauts right. */
export const CSV_BOM = '\uFEFF';

/** RFC 4180: CRLF line ends, quotes doubled; a UTF-8 BOM so Excel reads umlauts right. */
export function toCsv(rows: Cell[][], format: CsvFormat = 'csv'): string {
	return CSV_BOM + rows.map((row) => csvLine(row, format)).join('');
}
