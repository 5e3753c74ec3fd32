/**
 * postinstall: SvelteKit hashes every rendered page for an ETag (djb2 over the whole HTML, about
 * 0.15–0.3 ms for a 25 KB lesson, and a heap number per character). With `kit.csp` in nonce mode
 * every SSR response carries a fresh nonce, so that ETag differs every time and can never answer a
 * 304: the hash is pure cost on every signed-in view. The patch skips it when the page's scripts carry a nonce.
 * Visitors' pages get a stable ETag (without the nonce) from src/hooks/cache.ts instead.
 * Measured with tests/bench/ab.ts (docs/OPERATIONS.md, "Sixth pass"). Remove if Kit stops hashing
 * nonce pages itself.
 */
import { patchFile } from './patch-file.js';

const file = 'node_modules/@sveltejs/kit/src/runtime/server/page/render.js';
const MARK = '/* lernpfad: no etag for nonce pages */';
const from = '\tif (!chunks) {\n\t\theaders.set(\'etag\', `"${hash(transformed)}"`);';
const to = `\t${MARK}\n\tif (!chunks && !csp.script_needs_nonce) {\n\t\theaders.set('etag', \`"\${hash(transformed)}"\`);`;

if (patchFile(file, MARK, [[from, to]], 'patch-kit')) {
	console.log('patch-kit: no ETag hash for pages with a CSP nonce');
}
