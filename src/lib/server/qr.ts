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
