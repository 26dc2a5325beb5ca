import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../server/test/harness/test-runtime.ts';
import {
  buildOpenApiDocument,
  buildSchemaTypes,
  DOCUMENT_PATH,
  SCHEMA_PATH,
} from '../scripts/openapi-document.ts';
import { createVezaClient } from './index.ts';

describe('sdk', () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    runtime = await startTestRuntime({ services: [] });
  });
  afterAll(async () => {
    await runtime.cleanup();
  });

  it('is generated from the current OpenAPI document (run npm run sdk:generate when this fails)', async () => {
    const document = await buildOpenApiDocument();
    expect(await readFile(DOCUMENT_PATH, 'utf8')).toBe(document);
    expect(await readFile(SCHEMA_PATH, 'utf8')).toBe(await buildSchemaTypes(document));
  });

  it('calls the API with typed responses', async () => {
    const client = createVezaClient({ baseUrl: runtime.url });
    const { data, error, response } = await client.GET('/api/v1/status');
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.name).toBe('Veza');
    expect(data?.adapters.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'embedded');
  });
});
