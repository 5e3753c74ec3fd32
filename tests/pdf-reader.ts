import jsQR from 'jsqr';
import * as mupdf from 'mupdf';

/** Test helper: a PDF's first page as text, and the QR code found when it is rendered to pixels. */
export function readPdf(bytes: Uint8Array, scale = 2) {
	const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
	try {
		const page = doc.loadPage(0);
		const text = page.toStructuredText('preserve-whitespace').asText();
		const [x0, y0, x1, y1] = page.getBounds();
		const pixmap = page.toPixmap(
			mupdf.Matrix.scale(scale, scale),
			mupdf.ColorSpace.DeviceRGB,
			false,
			true
		);
		const width = pixmap.getWidth();
		const height = pixmap.getHeight();
		const rgb = pixmap.getPixels();
		const rgba = new Uint8ClampedArray(width * height * 4);
		for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
			rgba[j] = rgb[i];
			rgba[j + 1] = rgb[i + 1];
			rgba[j + 2] = rgb[i + 2];
			rgba[j + 3] = 255;
		}
		const qr = jsQR(rgba, width, height);
		const fonts = doc.getMetaData('format');
		return {
			pages: doc.countPages(),
			text,
			size: { width: x1 - x0, height: y1 - y0 },
			qr: qr?.data,
			png: () => pixmap.asPNG(),
			format: fonts
		};
	} finally {
		doc.destroy();
	}
}
