import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The floor for serving a media segment: plain `node:http` streaming SEGMENT_FILE with
 * `fs.createReadStream` for any GET, with its length (the file never changes, so it is measured once)
 * and type. No path check, no token, no ETag: what is left when all the stream service's work is gone.
 */
const file = process.env.SEGMENT_FILE;
if (!file) throw new Error('SEGMENT_FILE is not set');
const length = String(statSync(file).size);

const server = createServer((request, response) => {
  if (request.method !== 'GET') {
    response.writeHead(405).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'audio/mp4', 'content-length': length });
  createReadStream(file).pipe(response);
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop).once('SIGINT', stop);
