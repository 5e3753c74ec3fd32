import { describe, expect, it } from 'vitest';
import { scoresUrl } from './ags';
import { nextLink } from './link-header';

describe('nextLink', () => {
	it('finds rel="next" among other relations, resolved against the page', () => {
		const header =
			'<https://lms.example/m?p=1>; rel="first", </m?p=3>; rel="next", <https://lms.example/m?d=1>; rel="differences"';
		expect(nextLink(header, 'https://lms.example/m?p=2')).toBe('https://lms.example/m?p=3');
	});
	it('reads an unquoted or multi-valued rel, and ends on the last page', () => {
		expect(nextLink('<https://a.example/2>; rel=next', 'https://a.example/1')).toBe(
			'https://a.example/2'
		);
		expect(nextLink('<https://a.example/2>; rel="last next"', 'https://a.example/1')).toBe(
			'https://a.example/2'
		);
		expect(nextLink('<https://a.example/1>; rel="first"', 'https://a.example/1')).toBeUndefined();
		expect(nextLink(null, 'https://a.example/1')).toBeUndefined();
	});
});

describe('scoresUrl', () => {
	it('adds /scores to the path and keeps the query (Moodle)', () => {
		expect(
			scoresUrl('https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1')
		).toBe('https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1');
		expect(scoresUrl('https://canvas.example/api/lti/courses/1/line_items/5/')).toBe(
			'https://canvas.example/api/lti/courses/1/line_items/5/scores'
		);
	});
});
