import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../../tests/pdf-reader';
import type { Certificate } from '../db/schema';
import { certificatePdfOf } from './documents';

const row = {
	code: 'abcdefghijklmnopqrstuvwxyz234567',
	userId: null,
	nameOnCertificate: 'Sam Example',
	locale: 'de',
	issuedAt: new Date('2026-03-14T09:30:00Z'),
	percent: 90,
	revokedAt: null,
	revokedReason: null,
	statusIndex: 3
} satisfies Certificate;

describe('certificate PDF language (W19)', () => {
	it('is in the viewer’s language, not only the one it was issued in', async () => {
		const en = readPdf(await certificatePdfOf(row, 'https://lernpfad.example.org', 'en')).text;
		expect(en).toContain('Certificate');
		expect(en).toContain('March 14, 2026');
		expect(en).not.toContain('Zertifikat');
		const de = readPdf(await certificatePdfOf(row, 'https://lernpfad.example.org')).text;
		expect(de).toContain('Zertifikat');
		expect(de).toContain('14. März 2026');
	});
});
