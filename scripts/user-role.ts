/**
 * `npm run user:role -- EMAIL ROLE`: makes an account a learner, instructor or
 * admin. Uses the same database as the site (DATABASE_URL, or the embedded
 * one in BERTH_DATA_DIR); stop the site first when it uses the embedded one,
 * which allows one process at a time.
 */
import { readConfig } from '../web/src/lib/server/config';
import { openDatabase } from '../web/src/lib/server/db';
import { setRole } from '../web/src/lib/server/auth/users';
import { normaliseEmail } from '../web/src/lib/server/auth/validation';
import { roles, type Role } from '../web/src/lib/user';

const [email, role] = process.argv.slice(2);
if (!email || !role || !roles.includes(role as Role)) {
	console.error(`usage: npm run user:role -- EMAIL ROLE   (ROLE is one of: ${roles.join(', ')})`);
	process.exit(2);
}

const { db, close } = await openDatabase(readConfig().database);
try {
	const found = await setRole(db, normaliseEmail(email), role as Role);
	if (!found) {
		console.error(
			`No account has the email ${email}. (Guests have no email: they must sign up first.)`
		);
		process.exitCode = 1;
	} else {
		const article = /^[aeiou]/.test(role) ? 'an' : 'a';
		console.log(`${email} is now ${article} ${role}. It takes effect on their next page load.`);
	}
} finally {
	await close();
}
