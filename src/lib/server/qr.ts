import QRCode from 'qrcode';

/** Recently drawn codes: a class page is viewed again and again with the same join link (~1 ms each). */
const drawn = new Map<string, Promise<string>>();
const KEEP = 500;

/** A QR code of `text` as a self-contained SVG (dark modules on white, quiet zone included). */
export function joinQrSvg(text: string): Promise<string> {
	let svg = drawn.get(text);
	if (svg) {
		// Most recently used last: the first entry is the one to drop.
		drawn.delete(text);
	} else {
		svg = QRCode.toString(text, {
			type: 'svg',
			errorCorrectionLevel: 'M',
			margin: 2,
			color: { dark: '#000000', light: '#ffffff' }
		});
		svg.catch(() => drawn.delete(text));
		if (drawn.size >= KEEP) drawn.delete(drawn.keys().next().value!);
	}
	drawn.set(text, svg);
	return svg;
}

export interface QrRun {
	row: number;
	col: number;
	length: number;
}

/**
 * A QR code as horizontal runs of dark modules, to draw as vector rectangles (sharp at any zoom, a
 * few hundred operators instead of an embedded image). Level M survives a smudge or a fold.
 */
export function qrRuns(text: string): { size: number; runs: QrRun[] } {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const runs: QrRun[] = [];
	for (let row = 0; row < modules.size; row++) {
		let start = -1;
		for (let col = 0; col <= modules.size; col++) {
			const dark = col < modules.size && modules.get(row, col);
			if (dark && start < 0) start = col;
			if (!dark && start >= 0) {
				runs.push({ row, col: start, length: col - start });
				start = -1;
			}
		}
	}
	return { size: modules.size, runs };
}
