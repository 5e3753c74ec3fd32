/**
 * Every date and number the UI shows goes through here, with the UI language passed in: the server
 * and the browser then write the same text, so hydration changes nothing. Dates and times use one
 * fixed zone (the course runs in Germany) for the same reason; times name the zone.
 */
export const TIME_ZONE = 'Europe/Berlin';

type Locale = string;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
	let f = cache.get(key) as T | undefined;
	if (!f) cache.set(key, (f = make()));
	return f;
}

/**
 * Numbers: "min2" grouping leaves four-digit numbers alone, so years read "1960", not "1.960",
 * while 20.000 and 1.048.576 stay grouped.
 */
export function formatNumber(value: number, locale: Locale, maxFractionDigits = 2): string {
	return numberFormatter(locale, { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** A whole percentage with a no-break space before the sign in both languages: "80 %". */
export function formatPercent(value: number, locale: Locale): string {
	return `${formatNumber(value, locale, 0)}\u00a0%`;
}

/** A year or any identifier-like number: never grouped. */
export function formatYear(value: number): string {
	return String(Math.trunc(value));
}

const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));

/** For tables that format many values: `Intl` formatters with the same rules as the functions below. */
export function dateFormatter(locale: Locale, withTime = false): Intl.DateTimeFormat {
	return cached(
		`df:${locale}:${withTime}`,
		() =>
			new Intl.DateTimeFormat(locale, {
				dateStyle: 'medium',
				...(withTime ? { timeStyle: 'short' } : {}),
				timeZone: TIME_ZONE
			})
	);
}

export function numberFormatter(
	locale: Locale,
	options: Intl.NumberFormatOptions = {}
): Intl.NumberFormat {
	return cached(
		`nf:${locale}:${JSON.stringify(options)}`,
		() =>
			new Intl.NumberFormat(locale, { useGrouping: 'min2', ...options } as Intl.NumberFormatOptions)
	);
}

export function formatDate(
	value: Date | string | number,
	locale: Locale,
	style: 'medium' | 'long' = 'medium'
): string {
	return cached(
		`d:${locale}:${style}`,
		() => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: TIME_ZONE })
	).format(toDate(value));
}

export function formatDateTime(value: Date | string | number, locale: Locale): string {
	return dateFormatter(locale, true).format(toDate(value));
}

/** A time of day with its zone ("14:30 MEZ", "2:30 PM CET"); the date too unless it is `today`'s. */
export function formatTime(
	value: Date | string | number,
	locale: Locale,
	today: Date | string | number
): string {
	const sameDay = formatDate(value, 'en') === formatDate(today, 'en');
	return cached(
		`t:${locale}:${sameDay}`,
		() =>
			new Intl.DateTimeFormat(locale, {
				...(sameDay ? {} : { month: 'short', day: 'numeric' }),
				hour: 'numeric',
				minute: '2-digit',
				timeZoneName: 'short',
				timeZone: TIME_ZONE
			})
	).format(toDate(value));
}
