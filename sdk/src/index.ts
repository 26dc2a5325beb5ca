import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.ts';

export type { components, paths } from './schema.ts';
export type VezaClient = Client<paths>;

/**
 * A typed client of the Veza API, generated from its OpenAPI document: paths, parameters, bodies and
 * responses are checked by the compiler. Errors come back as `error`, an RFC 9457 problem body.
 */
export function createVezaClient(options: ClientOptions & { baseUrl: string }): VezaClient {
  return createClient<paths>(options);
}
