// A tiny web server that takes its settings from environment variables.
// Only Node's built-in modules: nothing to install.
import http from 'node:http';

const greeting = process.env.GREETING || 'Hello, world';
const port = Number(process.env.PORT) || 3000;
const databaseUrl = process.env.DATABASE_URL;

// Never show a password on a page: replace it with asterisks.
function hidePassword(url) {
	return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@');
}

const escape = (text) =>
	text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const server = http.createServer((req, res) => {
	const database = databaseUrl ? escape(hidePassword(databaseUrl)) : 'not configured';
	res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
	res.end(`<!doctype html>
<title>Greeter</title>
<h1>${escape(greeting)}</h1>
<p>Database: ${database}</p>
`);
});

server.listen(port, () => {
	console.log(`Greeter listening on port ${port}, saying "${greeting}"`);
});

// Stop promptly on `docker stop`.
process.on('SIGTERM', () => process.exit(0));
