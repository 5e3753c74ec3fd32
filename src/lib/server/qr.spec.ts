import { describe, expect, it } from 'vitest';
import { joinQrSvg } from './qr';

describe('join QR codes', () => {
	it('draws each link once and hands the same SVG out again', async () => {
		const a = joinQrSvg('https://lernpfad.example/join/ABCD2345');
		expect(joinQrSvg('https://lernpfad.example/join/ABCD2345')).toBe(a);
		const svg = await a;
		expect(svg).toMatch(/^<svg [^>]*viewBox/);
		expect(await joinQrSvg('https://lernpfad.example/join/WXYZ6789')).not.toBe(svg);
	});

	it('keeps a bounded number: old links are drawn anew, still right', async () => {
		const first = await joinQrSvg('https://lernpfad.example/join/FIRST234');
		for (let i = 0; i < 600; i++) await joinQrSvg(`https://lernpfad.example/join/N${i}`);
		const again = joinQrSvg('https://lernpfad.example/join/FIRST234');
		expect(await again).toBe(first);
		// Kept again once drawn anew.
		expect(joinQrSvg('https://lernpfad.example/join/FIRST234')).toBe(again);
	});
});
