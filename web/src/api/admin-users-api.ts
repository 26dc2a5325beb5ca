import { api, unwrap } from './api-client.ts';
import type { Role } from './identity-types.ts';

/** Account administration: search, roles, suspension (permissions users:view, roles:grant, users:manage). */

export const listUsers = (query: string, cursor?: string) =>
  unwrap(
    api.GET('/api/v1/users', {
      params: { query: { limit: 25, ...(query ? { query } : {}), ...(cursor ? { cursor } : {}) } },
    }),
  );

export const grantRole = (id: string, role: Role) =>
  unwrap(api.PUT('/api/v1/users/{id}/roles/{role}', { params: { path: { id, role } } }));

export const revokeRole = (id: string, role: Role) =>
  unwrap(api.DELETE('/api/v1/users/{id}/roles/{role}', { params: { path: { id, role } } }));

export const suspendUser = (id: string, reason: string) =>
  unwrap(api.POST('/api/v1/users/{id}/suspend', { params: { path: { id } }, body: { reason } }));

export const restoreUser = (id: string) =>
  unwrap(api.POST('/api/v1/users/{id}/restore', { params: { path: { id } } }));
