import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../../tests/pdf-reader';
import { certificatePdf } from './pdf';

const url = 'https://lernpfad.example.org/certificates/abcdefghijklmnopqrstuvwxyz234567';
const record = {
	code: 'abcdefghijklmnopqrstuvwxyz234567',
	name: 'Zoë Müller-Łukasiewicz',
	issuedAt: new Date('2026-03-14T09:30:00Z'),
	percent: 93,
	locale: 'de' as const,
	revokedAt: null,
	statusIndex: 7
};

describe('certificate PDF', () => {
	it('is one A4 landscape page with the name, course, date, result, link, code and a QR code of the link', async () => {
		const bytes = await certificatePdf({
			record,
			courseTitle: 'KVM on Z vs. ESXi',
			lessonCount: 9,
			url
		});
		const pdf = readPdf(bytes);
		if (process.env.CERT_PDF_OUT) {
			writeFileSync(process.env.CERT_PDF_OUT, bytes);
			writeFileSync(`${process.env.CERT_PDF_OUT}.png`, pdf.png());
		}
		expect(pdf.pages).toBe(1);
		expect(Math.round(pdf.size.width)).toBe(842);
		expect(Math.round(pdf.size.height)).toBe(595);
		expect(pdf.text).toContain('Zoë Müller-Łukasiewicz');
		expect(pdf.text).toContain('KVM on Z vs. ESXi');
		expect(pdf.text).toContain('14. März 2026');
		expect(pdf.text).toContain('93 %');
		expect(pdf.text).toContain(url);
		expect(pdf.text).toContain(record.code);
		expect(pdf.qr).toBe(url);
	});

	it('speaks the certificate’s language', async () => {
		const bytes = await certificatePdf({
			record: { ...record, locale: 'en' },
			courseTitle: 'KVM on Z vs. ESXi',
			lessonCount: 9,
			url
		});
		const pdf = readPdf(bytes);
		expect(pdf.text).toContain('This is to certify that');
		expect(pdf.text).toContain('March 14, 2026');
		expect(pdf.text).not.toContain('Zertifikat');
	});
});
