// Remark plugins for lesson Markdown (mdsvex 0.12 runs remark 8 / mdast).

const ID_SUFFIX = /\s*\{#([a-z0-9-]+)\}\s*$/;

/** @param {string} s */
const escapeHtml = (s) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** @param {any} node @returns {string} */
const textOf = (node) =>
	node.type === 'text' || node.type === 'inlineCode'
		? node.value
		: (node.children ?? []).map(textOf).join('');

/**
 * `## Title {#id}` → `<h2 id="id">Title</h2>`; the stable ids are shared by both languages and are the
 * anchors quiz questions link to. The headings are also collected as `toc` into the lesson's metadata.
 */
export function headingIds() {
	/** @param {any} tree @param {any} file */
	return (tree, file) => {
		/** @type {{ id: string; text: string; depth: number }[]} */
		const toc = [];
		for (const node of tree.children) {
			if (node.type !== 'heading') continue;
			const last = node.children[node.children.length - 1];
			const match = last?.type === 'text' ? ID_SUFFIX.exec(last.value) : null;
			if (!match) continue;
			last.value = last.value.replace(ID_SUFFIX, '');
			node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id: match[1] } };
			if (node.depth <= 3) toc.push({ id: match[1], text: textOf(node).trim(), depth: node.depth });
		}
		file.data.fm = { ...file.data.fm, toc };
	};
}

/** `![alt](figures/name.de.svg "caption")` alone in a paragraph → an accessible `<figure>`. */
export function lessonFigures() {
	/** @param {any} tree */
	return (tree) => {
		tree.children = tree.children.map((/** @type {any} */ node) => {
			const only =
				node.type === 'paragraph' && node.children.length === 1 ? node.children[0] : null;
			if (!only || only.type !== 'image' || !only.url.startsWith('figures/')) return node;
			const name = only.url.slice('figures/'.length);
			const caption = only.title ? `<figcaption>${escapeHtml(only.title)}</figcaption>` : '';
			return {
				type: 'html',
				value: `<figure class="figure"><img src="/figures/${escapeHtml(name)}" alt="${escapeHtml(only.alt ?? '')}" loading="lazy" decoding="async" />${caption}</figure>`
			};
		});
	};
}
