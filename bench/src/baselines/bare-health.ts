import { createServer } from 'node:http';

/**
 * The floor for the kernel's overhead: plain `node:http` answering what `GET /health/live` answers.
 * Listens on HOST:PORT and prints nothing; the harness polls it until it answers.
 */
const body = JSON.stringify({ status: 'ok' });
const length = String(Buffer.byteLength(body));

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health/live') {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
    response.end(body);
    return;
  }
  response.writeHead(404).end();
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop).once('SIGINT', stop);
