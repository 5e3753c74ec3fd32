/**
 * postinstall: guards postgres.js 3.4.x against a crash when the database goes away.
 *
 * A small write is sent on the next tick (`setImmediate(nextWrite)`); when the connection has
 * closed meanwhile, `nextWrite` calls `null.write` and the uncaught TypeError ends the whole
 * process (seen here in tests/e2e/ops/db-restart.spec.ts, about one PostgreSQL restart in four).
 * `closed()` also cancels the timer without forgetting it, so a reconnected connection would
 * never flush a small write again. Upstream: porsager/postgres issues #1066, #1154, #1208, pull
 * requests #1168, #1209 (not released as of 3.4.9). Remove this once a release carries the fix.
 */
import { patchFile } from './patch-file.js';

const MARK = '/* lernpfad: guarded nextWrite */';
const edits = [
	[
		'  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
		`  function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`
	],
	[
		'    incomings = null\n    clearImmediate(nextWriteTimer)\n',
		'    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n'
	],
	[
		'    clearImmediate(nextWriteTimer)\n    if (socket) {',
		'    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {'
	]
];

const patched = ['src', 'cjs/src', 'cf/src']
	.map((d) => `node_modules/postgres/${d}/connection.js`)
	.filter((file) => patchFile(file, MARK, edits, 'patch-postgres')).length;
if (patched) console.log(`patch-postgres: guarded nextWrite in ${patched} file(s)`);
