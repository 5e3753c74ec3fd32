import type { Db } from './db';
import { countUsers, createUser } from './users';

export const demoPassword = 'Lernpfad-Demo-2026';
export const demoAccounts = [
	{ email: 'learner@example.com', name: 'Lea Lernend', role: 'learner' },
	{ email: 'instructor@example.com', name: 'Ines Lehrend', role: 'instructor' },
	{ email: 'admin@example.com', name: 'Adam Admin', role: 'admin' }
] as const;

/** Development only, and only into an empty database: never touches real accounts. */
export async function seedDemo(db: Db): Promise<boolean> {
	if ((await countUsers(db)) > 0) return false;
	for (const account of demoAccounts) {
		await createUser(db, { ...account, password: demoPassword });
	}
	console.log(
		[
			'',
			'  Lernpfad demo accounts (development only), password for all: ' + demoPassword,
			...demoAccounts.map((a) => `    ${a.role.padEnd(11)} ${a.email}`),
			''
		].join('\n')
	);
	return true;
}
