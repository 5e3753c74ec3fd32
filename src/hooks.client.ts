import { defineCustomClientStrategy } from '$lib/paraglide/runtime';

// The server decided the language and wrote it into <html lang>; the client follows it.
defineCustomClientStrategy('custom-document', {
	getLocale: () => document.documentElement.lang || undefined,
	setLocale: (locale) => {
		document.documentElement.lang = locale;
	}
});
