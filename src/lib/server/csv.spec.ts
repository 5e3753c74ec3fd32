import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

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
});
