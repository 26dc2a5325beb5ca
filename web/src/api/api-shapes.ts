import type { paths } from '@veza/sdk';

/** The JSON answer of `method path` with `status`, as the generated SDK (the OpenAPI document) states it. */
export type ResponseOf<
  P extends keyof paths,
  M extends 'get' | 'post' | 'put' | 'patch' | 'delete',
  S extends number = 200,
> = paths[P][M] extends { responses: Record<S, { content: { 'application/json': infer T } }> } ? T : never;

/** The JSON body `method path` takes. */
export type BodyOf<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;
