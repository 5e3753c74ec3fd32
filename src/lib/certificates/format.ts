/**
 * Certificate dates are calendar dates in UTC: the page, the PDF, the LinkedIn link and the
 * credential (which carries the exact instant) agree, whoever renders them and wherever.
 */
export function formatIssueDate(date: Date | string, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
		new Date(date)
	);
}
