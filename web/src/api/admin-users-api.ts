import type { AdminUser, Page } from './identity-types.ts';
import { requestJson } from './json-request.ts';

/** Account administration: search, roles, suspension (permissions users:view, roles:grant, users:manage). */
const USERS = '/api/v1/users';
const user = (id: string) => `${USERS}/${encodeURIComponent(id)}`;

export const listUsers = (query: string, cursor?: string) =>
  requestJson<Page<AdminUser>>(USERS, { query: { query, cursor, limit: 25 } });

export const grantRole = (id: string, role: string) =>
  requestJson<void>(`${user(id)}/roles/${encodeURIComponent(role)}`, { method: 'PUT' });

export const revokeRole = (id: string, role: string) =>
  requestJson<void>(`${user(id)}/roles/${encodeURIComponent(role)}`, { method: 'DELETE' });

export const suspendUser = (id: string, reason: string) =>
  requestJson<void>(`${user(id)}/suspend`, { method: 'POST', body: { reason } });

export const restoreUser = (id: string) => requestJson<void>(`${user(id)}/restore`, { method: 'POST' });
