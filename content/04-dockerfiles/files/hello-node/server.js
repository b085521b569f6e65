// A tiny web server with no dependencies: only Node's built-in http module.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const port = Number(process.env.PORT) || 3000;
const greeting = process.env.GREETING || 'Hello';
const startedAt = new Date().toISOString();

// A RUN line in the Dockerfile can write this file while the image is built.
let builtAt = 'not recorded';
try {
  builtAt = readFileSync('built-at.txt', 'utf8').trim();
} catch {
  // No such file: the image was built without it.
}

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(
    `${greeting} from hello-node!\n\n` +
      `image built:       ${builtAt}\n` +
      `container started: ${startedAt}\n`
  );
});

server.listen(port, () => console.log(`hello-node listening on port ${port}`));

// Stop at once on `docker stop` (Node ignores SIGTERM when it runs as process 1).
process.on('SIGTERM', () => server.close(() => process.exit(0)));
