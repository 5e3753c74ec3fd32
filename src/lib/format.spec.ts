import { describe, expect, it } from 'vitest';
import {
	formatDate,
	formatDateTime,
	formatNumber,
	formatPercent,
	formatTime,
	formatYear
} from './format';

const nov27 = new Date('2026-11-27T13:05:00Z');

describe('format', () => {
	it('writes dates in the UI language, not the machine locale', () => {
		expect(formatDate(nov27, 'de')).toBe('27.11.2026');
		expect(formatDate(nov27, 'en')).toBe('Nov 27, 2026');
		expect(formatDate(nov27, 'de', 'long')).toBe('27. November 2026');
		expect(formatDateTime(nov27, 'de')).toBe('27.11.2026, 14:05');
		expect(formatDateTime(nov27, 'en')).toBe('Nov 27, 2026, 2:05 PM');
	});

	it('uses the course time zone, whatever the process zone', () => {
		// 23:30 UTC is already the next day in Berlin.
		expect(formatDate('2026-11-27T23:30:00Z', 'de')).toBe('28.11.2026');
		expect(formatTime('2026-11-27T23:30:00Z', 'de', '2026-11-28T08:00:00Z')).toBe('00:30 MEZ');
		expect(formatTime('2026-11-27T23:30:00Z', 'en', '2026-11-26T08:00:00Z')).toBe(
			'Nov 28, 12:30 AM GMT+1'
		);
	});

	it('never groups years or other four-digit numbers, groups larger ones', () => {
		expect(formatNumber(1960, 'de')).toBe('1960');
		expect(formatNumber(1960, 'en')).toBe('1960');
		expect(formatNumber(20000, 'de')).toBe('20.000');
		expect(formatNumber(1048576, 'en')).toBe('1,048,576');
		expect(formatNumber(2.5, 'de')).toBe('2,5');
		expect(formatYear(1960)).toBe('1960');
	});

	it('puts a no-break space before the percent sign', () => {
		expect(formatPercent(80, 'de')).toBe('80\u00a0%');
		expect(formatPercent(80, 'en')).toBe('80\u00a0%');
	});
});
