// A web page that shouts. `shout` is this app's one dependency: npm installs
// it from vendor/shout-1.0.0.tgz, as listed in package.json.
import http from 'node:http';
import shout from 'shout';

// Change this message, rebuild, and watch which build steps Docker repeats.
const MESSAGE = 'every instruction makes a layer';

const port = Number(process.env.PORT) || 8080;

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(shout(MESSAGE) + '\n');
});

server.listen(port, () => console.log(`loud listening on port ${port}`));

// Stop at once on `docker stop` (Node ignores SIGTERM when it runs as process 1).
process.on('SIGTERM', () => server.close(() => process.exit(0)));
