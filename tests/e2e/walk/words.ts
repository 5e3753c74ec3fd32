import type { Page } from '@playwright/test';

/**
 * The words inside `selector` that the layout breaks across lines: each word (split at spaces,
 * after hyphens and slashes) must sit on one line box. Runs in the page; returns "word (element)".
 */
export function brokenWords(page: Page, selector: string) {
	return page.locator(selector).evaluateAll((els) => {
		const broken: string[] = [];
		for (const el of els) {
			if (!(el as HTMLElement).offsetParent) continue; // hidden (closed menu, sr-only, …)
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const text = node.textContent ?? '';
				for (const match of text.matchAll(/[^\s/\u00ad\u2013\u2014-]+[/\u00ad\u2013\u2014-]?/g)) {
					if (match[0].length < 2) continue;
					// A word is whole when its second and last letter sit on one line (the first letter after a
					// soft hyphen also reports the hyphen shown on the line before).
					const topOf = (offset: number) => {
						const range = document.createRange();
						range.setStart(node, match.index! + offset);
						range.setEnd(node, match.index! + offset + 1);
						return Math.round(range.getBoundingClientRect().top);
					};
					const letters = match[0].replace(/[/\u00ad\u2013\u2014-]$/, '').length;
					const tops = new Set([topOf(Math.min(1, letters - 1)), topOf(letters - 1)]);
					if (tops.size > 1) broken.push(`${match[0]} (${el.tagName.toLowerCase()})`);
				}
			}
		}
		return broken;
	});
}

export const noSidewaysScroll = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
