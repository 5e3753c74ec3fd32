import QRCode from 'qrcode';

/** A QR code of `text` as a self-contained SVG (dark modules on white, quiet zone included). */
export function joinQrSvg(text: string): Promise<string> {
	return QRCode.toString(text, {
		type: 'svg',
		errorCorrectionLevel: 'M',
		margin: 2,
		color: { dark: '#000000', light: '#ffffff' }
	});
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
