/**
 * Creates a user, or sets the role of an existing one — how the first admin is made.
 *   npm run user:create -- --email admin@example.org --name "Ada Admin" --role admin
 * The password is asked for (hidden), or read from standard input with --password-stdin.
 * Uses DATABASE_URL, or the PGlite directory (stop `npm run dev` first: one process per PGlite dir).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { roles, type Role } from '../src/lib/server/db/schema';
import { checkPasswordPolicy } from '../src/lib/server/auth/password';
import { createUser, findUserByEmail, setRole } from '../src/lib/server/users';

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'admin' },
		'password-stdin': { type: 'boolean', default: false }
	}
});

function fail(message: string): never {
	console.error(`user:create: ${message}`);
	process.exit(2);
}

async function readPassword(): Promise<string> {
	const rl = createInterface({
		input: process.stdin,
		output: process.stdout,
		terminal: process.stdin.isTTY
	});
	if (values['password-stdin'] || !process.stdin.isTTY) {
		for await (const line of rl) return line;
		return '';
	}
	// Hide what is typed.
	const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
	(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
		write(s.startsWith('Password') ? s : '');
	return new Promise((resolve) =>
		rl.question('Password (8–256 characters): ', (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		})
	);
}

const email = values.email?.trim().toLowerCase();
if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
	fail('--email is required and must be an email address');
const role = values.role as Role;
if (!roles.includes(role)) fail(`--role must be one of ${roles.join(', ')}`);

const database = await openDatabase({
	url: process.env.DATABASE_URL || undefined,
	dataDir: process.env.PGLITE_DATA_DIR || undefined
});
try {
	await database.migrate();
	const existing = await findUserByEmail(database.db, email);
	if (existing) {
		await setRole(database.db, existing.id, role, { id: null, name: 'npm run user:create' });
		console.log(`${email} is now ${role}.`);
	} else {
		if (!values.name?.trim()) fail('--name is required for a new user');
		const password = await readPassword();
		const problem = checkPasswordPolicy(password, email);
		if (problem) fail(`password refused: ${problem.replace('_', ' ')}`);
		await createUser(database.db, {
			email,
			name: values.name,
			password,
			role,
			emailVerified: true
		});
		console.log(`Created ${role} ${email}.`);
	}
} finally {
	await database.close();
}
