import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFRef, PDFString, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatIssueDate } from '$lib/certificates/format';
import * as m from '$lib/paraglide/messages';
import type { CertificateRecord } from './credential';
import { qrRuns } from '../qr';

// DejaVu (free licence, from the dejavu-fonts-ttf package) covers Latin, Greek and Cyrillic, so
// "Zoë Müller-Łukasiewicz" prints as written. Read once per process: it is the same for everyone.
const fontFile = (name: string) =>
	readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`));
let fonts: { serif: Uint8Array; serifBold: Uint8Array; sans: Uint8Array } | undefined;
function fontBytes() {
	fonts ??= {
		serif: fontFile('DejaVuSerif.ttf'),
		serifBold: fontFile('DejaVuSerif-Bold.ttf'),
		sans: fontFile('DejaVuSans.ttf')
	};
	return fonts;
}

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const INK = rgb(0x1f / 255, 0x23 / 255, 0x28 / 255);
const MUTED = rgb(0x55 / 255, 0x5b / 255, 0x63 / 255);
const ACCENT = rgb(0x1d / 255, 0x5c / 255, 0x63 / 255);

export interface PdfInput {
	record: CertificateRecord;
	courseTitle: string;
	lessonCount: number;
	/** The absolute verification link; printed and encoded in the QR code. */
	url: string;
}

/** Centred text, shrunk until it fits `maxWidth`. */
function centred(page: PDFPage, text: string, y: number, font: PDFFont, size: number, color = INK) {
	const maxWidth = page.getWidth() - 160;
	while (size > 8 && font.widthOfTextAtSize(text, size) > maxWidth) size -= 1;
	const width = font.widthOfTextAtSize(text, size);
	page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font, color });
}

function linkArea(doc: PDFDocument, rect: number[], url: string): PDFRef {
	return doc.context.register(
		doc.context.obj({
			Type: 'Annot',
			Subtype: 'Link',
			Rect: rect,
			Border: [0, 0, 0],
			A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) }
		})
	);
}

function drawQr(page: PDFPage, url: string, x: number, y: number, side: number) {
	const { size, runs } = qrRuns(url);
	page.drawRectangle({ x, y, width: side, height: side, color: rgb(1, 1, 1) });
	// One filled path in module units (four modules of quiet zone around): no seams between squares.
	const path = runs.map((r) => `M${4 + r.col} ${4 + r.row}h${r.length}v1h-${r.length}z`).join('');
	page.drawSvgPath(path, { x, y: y + side, scale: side / (size + 8), color: rgb(0, 0, 0) });
}

/** An A4 landscape certificate in the certificate's language, fonts embedded (subset). */
export async function certificatePdf(input: PdfInput): Promise<Uint8Array> {
	const { record, url } = input;
	const locale = record.locale;
	const date = formatIssueDate(record.issuedAt, locale);
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	const bytes = fontBytes();
	// No ligatures: "fi" stays two letters, so the text can be searched and copied.
	const embed = (b: Uint8Array) => doc.embedFont(b, { subset: true, features: { liga: false } });
	const [serif, serifBold, sans] = await Promise.all([
		embed(bytes.serif),
		embed(bytes.serifBold),
		embed(bytes.sans)
	]);
	const title = m.cert_pdf_heading({}, { locale });
	doc.setTitle(`${title} – ${record.name} – ${input.courseTitle}`);
	doc.setAuthor('Lernpfad');
	doc.setSubject(input.courseTitle);
	doc.setLanguage(locale);
	doc.setCreator('Lernpfad');
	doc.setProducer('Lernpfad');
	doc.setCreationDate(record.issuedAt);
	doc.setModificationDate(record.issuedAt);

	const page = doc.addPage(A4_LANDSCAPE);
	const { width, height } = page.getSize();
	page.drawRectangle({
		x: 24,
		y: 24,
		width: width - 48,
		height: height - 48,
		borderColor: ACCENT,
		borderWidth: 2.5
	});
	page.drawRectangle({
		x: 32,
		y: 32,
		width: width - 64,
		height: height - 64,
		borderColor: ACCENT,
		borderWidth: 0.6
	});

	centred(page, 'LERNPFAD', 515, sans, 13, ACCENT);
	centred(page, title, 462, serifBold, 40);
	centred(page, m.cert_pdf_certifies({}, { locale }), 420, serif, 15, MUTED);
	centred(page, record.name, 368, serifBold, 34);
	page.drawLine({
		start: { x: 220, y: 356 },
		end: { x: width - 220, y: 356 },
		thickness: 0.6,
		color: ACCENT
	});
	centred(page, m.cert_pdf_course_before({}, { locale }), 322, serif, 15, MUTED);
	centred(page, input.courseTitle, 286, serifBold, 24);
	centred(
		page,
		m.cert_pdf_course_after({ percent: record.percent }, { locale }),
		250,
		serif,
		15,
		MUTED
	);
	centred(
		page,
		m.cert_pdf_result_note({ lessons: input.lessonCount }, { locale }),
		228,
		sans,
		10,
		MUTED
	);

	const left = 64;
	page.drawText(m.cert_pdf_issued({ date }, { locale }), {
		x: left,
		y: 150,
		size: 12,
		font: sans,
		color: INK
	});
	page.drawText(m.cert_pdf_verify({}, { locale }), {
		x: left,
		y: 112,
		size: 10,
		font: sans,
		color: MUTED
	});
	let urlSize = 10;
	while (urlSize > 6 && sans.widthOfTextAtSize(url, urlSize) > 560) urlSize -= 0.5;
	page.drawText(url, { x: left, y: 96, size: urlSize, font: sans, color: ACCENT });
	const urlRect = [left, 92, left + sans.widthOfTextAtSize(url, urlSize), 94 + urlSize];
	page.drawText(m.cert_pdf_code({ code: record.code }, { locale }), {
		x: left,
		y: 72,
		size: 9,
		font: sans,
		color: MUTED
	});

	const side = 116;
	const qrX = width - 64 - side;
	drawQr(page, url, qrX, 78, side);
	// Both the printed link and the QR code are clickable in a PDF viewer.
	page.node.set(
		PDFName.of('Annots'),
		doc.context.obj([
			linkArea(doc, urlRect, url),
			linkArea(doc, [qrX, 78, qrX + side, 78 + side], url)
		])
	);
	const scan = m.cert_pdf_scan({}, { locale });
	const scanWidth = sans.widthOfTextAtSize(scan, 9);
	page.drawText(scan, {
		x: width - 64 - side / 2 - scanWidth / 2,
		y: 64,
		size: 9,
		font: sans,
		color: MUTED
	});

	return doc.save();
}
