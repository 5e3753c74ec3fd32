import { describe, expect, it } from 'vitest';
import * as m from '$lib/paraglide/messages';

// Plural forms come from Paraglide's `plural` selector (Intl.PluralRules), not from "(s)" or "(e)".
describe('plural messages', () => {
	it('says "1 ist noch offen" / "2 sind noch offen"', () => {
		expect(m.quiz_incomplete({ count: 1 }, { locale: 'de' })).toContain('1 ist noch offen');
		expect(m.quiz_incomplete({ count: 2 }, { locale: 'de' })).toContain('2 sind noch offen');
		expect(m.quiz_incomplete({ count: 1 }, { locale: 'en' })).toContain('1 is still open');
		expect(m.quiz_incomplete({ count: 3 }, { locale: 'en' })).toContain('3 are still open');
	});

	it('counts attempts and minutes without "(s)"', () => {
		expect(m.state_attempts({ count: 1 }, { locale: 'en' })).toBe('1 attempt');
		expect(m.state_attempts({ count: 2 }, { locale: 'en' })).toBe('2 attempts');
		expect(m.state_attempts({ count: 1 }, { locale: 'de' })).toBe('1 Versuch');
		expect(m.error_throttled({ minutes: 1 }, { locale: 'de' })).toContain('eine Minute');
		expect(m.error_throttled({ minutes: 5 }, { locale: 'en' })).toContain('5 minutes');
		expect(m.matrix_cell_tried({ percent: 40, attempts: 1 }, { locale: 'en' })).toBe(
			'not passed, best 40\u00a0%, 1 attempt'
		);
	});

	it('builds each plural rule once per locale, not once per call (scripts/paraglide-intl-cache.js)', () => {
		const intl = Intl as { PluralRules: typeof Intl.PluralRules };
		const Original = intl.PluralRules;
		let built = 0;
		intl.PluralRules = new Proxy(Original, {
			construct(target, args: ConstructorParameters<typeof Intl.PluralRules>) {
				built++;
				return new target(...args);
			}
		});
		try {
			for (let attempts = 1; attempts <= 200; attempts++) {
				for (const locale of ['de', 'en'] as const) {
					const text = m.state_attempts({ count: attempts }, { locale });
					expect(text).toBe(
						locale === 'de'
							? `${attempts} ${attempts === 1 ? 'Versuch' : 'Versuche'}`
							: `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`
					);
				}
			}
		} finally {
			intl.PluralRules = Original;
		}
		// At most one per locale; none at all if an earlier test already built them.
		expect(built).toBeLessThanOrEqual(2);
	});

	it('names roles in a sentence', () => {
		expect(m.admin_role_saved({ name: 'Noah', role: 'Lernende' }, { locale: 'de' })).toBe(
			'Noah hat jetzt die Rolle „Lernende“.'
		);
	});

	it('no message says "(s)", "(e)" or "(n)" any more', async () => {
		const { readFile } = await import('node:fs/promises');
		for (const locale of ['de', 'en']) {
			const text = await readFile(`messages/${locale}.json`, 'utf8');
			expect(text).not.toMatch(/\w\((s|e|n)\)/);
		}
	});
});
