import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../../server/src/kernel/config/load-config.ts';
import { startRuntime } from '../../server/src/kernel/runtime/start-runtime.ts';
import { services } from '../../server/src/services.ts';

export const DOCUMENT_PATH = path.join(import.meta.dirname, '../openapi.json');
export const SCHEMA_PATH = path.join(import.meta.dirname, '../src/schema.ts');

/** The OpenAPI document of every platform service, as `veza start` would serve it. */
export async function buildOpenApiDocument(): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'veza-openapi-'));
  try {
    const config = loadConfig({ VEZA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const runtime = await startRuntime({ config, services, listen: false, background: false });
    try {
      return `${JSON.stringify(runtime.app.swagger(), null, 2)}\n`;
    } finally {
      await runtime.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** TypeScript types of the document's paths, for openapi-fetch. */
export async function buildSchemaTypes(document: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(document));
  return `// Generated from openapi.json by \`npm run sdk:generate\`. Do not edit.\n\n${astToString(ast)}`;
}
