import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument, buildSchemaTypes, DOCUMENT_PATH, SCHEMA_PATH } from './openapi-document.ts';

// Regenerates sdk/openapi.json and sdk/src/schema.ts; `npm test` fails while they are stale.
const document = await buildOpenApiDocument();
await writeFile(DOCUMENT_PATH, document);
await writeFile(SCHEMA_PATH, await buildSchemaTypes(document));
console.log(`Wrote ${DOCUMENT_PATH} and ${SCHEMA_PATH}`);
