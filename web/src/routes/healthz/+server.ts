import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { startApp } from '$lib/server/app';

/** For operators and the test harness: answers once the database is usable. */
export async function GET() {
	const { db, kind } = await startApp();
	await db.execute(sql`select 1`);
	return json({ ok: true, database: kind });
}
