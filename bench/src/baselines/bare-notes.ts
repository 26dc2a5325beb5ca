import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';

/**
 * The floor for a database read: plain `node:http` and a `pg` Pool answering what the notes
 * fixture's `GET /api/v1/notes/:id` answers, with the same query and the same JSON. Pool size from
 * DATABASE_POOL_SIZE (Veza's default, 20, when unset), so both sides get as many connections.
 */
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 20),
});
const PREFIX = '/api/v1/notes/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface NoteRow {
  id: string;
  title: string;
  body: string;
  version: number;
}

function send(response: ServerResponse, status: number, payload: unknown) {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  response.end(body);
}

const server = createServer((request, response) => {
  const url = request.url ?? '';
  if (request.method === 'GET' && url === '/health/live') return send(response, 200, { status: 'ok' });
  if (request.method !== 'GET' || !url.startsWith(PREFIX)) return send(response, 404, { status: 404 });
  const id = url.slice(PREFIX.length);
  if (!UUID.test(id)) return send(response, 400, { status: 400 });
  pool
    .query<NoteRow>('select id, title, body, version from notes.notes where id = $1', [id])
    .then(({ rows }) => {
      const note = rows[0];
      if (!note) return send(response, 404, { status: 404 });
      send(response, 200, { id: note.id, title: note.title, body: note.body, version: note.version });
    })
    .catch((error: Error) => {
      console.error(error.message);
      send(response, 500, { status: 500 });
    });
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
const stop = () => server.close(() => pool.end().finally(() => process.exit(0)));
process.once('SIGTERM', stop).once('SIGINT', stop);
