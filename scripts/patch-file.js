import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Applies `edits` ([from, to] pairs) to a dependency's file once: `mark` (written by the first
 * edit's `to`) says it is done. A `from` that is missing means the dependency changed: stop the
 * install, so nobody runs an unpatched copy unawares. Returns whether the file was changed.
 */
export function patchFile(file, mark, edits, name) {
	if (!existsSync(file)) return false;
	let text = readFileSync(file, 'utf8');
	if (text.includes(mark)) return false;
	for (const [from, to] of edits) {
		if (!text.includes(from)) {
			throw new Error(`${name}: ${file} has changed; check whether the patch is still needed`);
		}
		text = text.replace(from, to);
	}
	writeFileSync(file, text);
	return true;
}
