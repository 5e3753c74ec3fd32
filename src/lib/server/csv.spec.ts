import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, toCsv } from './csv';

describe('CSV', () => {
	it('quotes per RFC 4180', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(null)).toBe('');
		expect(csvCell(80)).toBe('80');
	});

	it('neutralises formulas in text cells, not numbers', () => {
		expect(csvCell('=1+1')).toBe("'=1+1");
		expect(csvCell('+41 79')).toBe("'+41 79");
		expect(csvCell('-2')).toBe("'-2");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tx')).toBe("'\tx");
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
		expect(csvCell(-2)).toBe('-2');
	});

	it('starts with a BOM and ends rows with CRLF', () => {
		const csv = toCsv([
			['Name', 'E-Mail'],
			['Zoë Müller', 'zoe@example.com']
		]);
		expect(csv.startsWith('\uFEFFName,E-Mail\r\n')).toBe(true);
		expect(csv.endsWith('zoe@example.com\r\n')).toBe(true);
	});

	it('writes semicolons and decimal commas for German Excel, quoting semicolons in text', () => {
		expect(csvLine(['Müller; Zoë', 12.5, 80, null, '=1'], 'excel-de')).toBe(
			'"Müller; Zoë";12,5;80;;\'=1\r\n'
		);
		expect(csvLine(['a;b', 12.5])).toBe('"a;b",12.5\r\n');
		expect(toCsv([['x', 1]], 'excel-de')).toBe('\uFEFFx;1\r\n');
	});
});
