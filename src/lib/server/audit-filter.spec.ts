import { describe, expect, it } from 'vitest';
import { parseAuditFilter } from './audit-filter';

const parse = (query: string) => parseAuditFilter(new URLSearchParams(query));

describe('the audit filter (V20)', () => {
	it('takes a known action and a day range, and leaves out what is empty', () => {
		expect(parse('q=+pia+&action=user.disable&from=2026-12-01&to=2026-12-02').filter).toEqual({
			q: 'pia',
			action: 'user.disable',
			from: '2026-12-01',
			to: '2026-12-02'
		});
		expect(parse('action=&from=&to=').filter).toEqual({
			q: '',
			action: undefined,
			from: undefined,
			to: undefined
		});
		expect(parse('from=2026-12-02&to=2026-12-02').errors).toEqual({});
	});

	it('refuses an unknown action, a day that does not exist, and a range that runs backwards', () => {
		for (const [query, field] of [
			['action=user.drop', 'action'],
			["action=x'%3B--", 'action'],
			['from=2026-02-30', 'from'],
			['from=02.12.2026', 'from'],
			['to=2026-13-01', 'to'],
			['to=99999-01-01', 'to'],
			['from=1960-01-01', 'from'],
			['from=2026-12-03&to=2026-12-02', 'to']
		] as const) {
			const parsed = parse(query);
			expect(parsed.filter, query).toBeNull();
			expect(Object.keys(parsed.errors), query).toEqual([field]);
		}
		// What was typed comes back, cut to a sane length.
		expect(parse(`to=${'9'.repeat(500)}`).values.to).toHaveLength(20);
	});
});
