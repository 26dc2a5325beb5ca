import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesService } from '../../../test/fixtures/notes-service.ts';
import { tallyService } from '../../../test/fixtures/tally-service.ts';
import { startTestRuntime } from '../../../test/harness/test-runtime.ts';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

describe('OpenTelemetry export', () => {
  let collector: Server;
  let endpoint: string;
  const spans: ExportedSpan[] = [];

  beforeAll(async () => {
    // A stand-in OTLP/HTTP collector: records the JSON trace exports it receives.
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (request.url === '/v1/traces') {
          const payload = JSON.parse(body);
          for (const resource of payload.resourceSpans ?? []) {
            for (const scope of resource.scopeSpans ?? []) spans.push(...scope.spans);
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => collector.close(resolve)));

  it('exports a request span and the consumer span that continues its trace', async () => {
    const runtime = await startTestRuntime({
      services: [notesService, tallyService],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    });
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const callerSpan = 'b7ad6b7169203331';
    try {
      const response = await fetch(`${runtime.url}/api/v1/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpan}-01` },
        body: JSON.stringify({ title: 'Traced', body: '' }),
      });
      expect(response.status).toBe(201);
      await runtime.settle();
    } finally {
      await runtime.cleanup(); // flushes the span processor
    }
    const ofTrace = spans.filter((span) => span.traceId === traceId);
    const server = ofTrace.find((span) => span.name === 'POST /api/v1/notes');
    const consumer = ofTrace.find((span) => span.name === 'consume notes.NoteCreated');
    expect(server?.parentSpanId).toBe(callerSpan);
    expect(consumer?.parentSpanId).toBe(server?.spanId);
  });
});
