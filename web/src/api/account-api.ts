import { api, unwrap } from './api-client.ts';
import { toApiError } from './api-error.ts';
import { apiRequest } from './json-request.ts';
import { sessionFetch } from './session-fetch.ts';

/** The signed-in account's own settings: credentials, two-factor, phone, providers, export, deletion. */

export const fetchMe = () => unwrap(api.GET('/api/v1/users/me'));

export const changePassword = (currentPassword: string, newPassword: string) =>
  unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }));

export const changeEmail = (password: string, newEmail: string) =>
  unwrap(api.POST('/api/v1/auth/email', { body: { password, newEmail } }));

export const setUpTwoFactor = (password: string) =>
  unwrap(api.POST('/api/v1/auth/2fa/setup', { body: { password } }));

export const enableTwoFactor = (code: string) =>
  unwrap(api.POST('/api/v1/auth/2fa/enable', { body: { code } }));

export const disableTwoFactor = (password: string, code: string) =>
  unwrap(api.POST('/api/v1/auth/2fa/disable', { body: { password, code } }));

export const renewRecoveryCodes = (password: string, code: string) =>
  unwrap(api.POST('/api/v1/auth/2fa/recovery-codes', { body: { password, code } }));

/** Asks for the provider's authorization URL; visiting it links that identity to this account. */
export const startProviderLink = (provider: string) =>
  unwrap(api.POST('/api/v1/auth/oidc/{provider}/link', { params: { path: { provider } } }));

export const unlinkProvider = (provider: string) =>
  unwrap(api.DELETE('/api/v1/auth/providers/{provider}', { params: { path: { provider } } }));

export const setPhone = (phone: string, password: string) =>
  unwrap(api.PUT('/api/v1/users/me/phone', { body: { phone, password } }));

export const removePhone = () => unwrap(api.DELETE('/api/v1/users/me/phone'));

export const deleteAccount = (body: { password?: string; totp?: string }) =>
  unwrap(api.POST('/api/v1/users/me/delete', { body }));

/** The JSON archive of everything Veza holds about the account, with the file name the server suggests. */
export async function downloadExport(): Promise<{ blob: Blob; fileName: string }> {
  const response = await sessionFetch(apiRequest('/api/v1/users/me/export'));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(response, body);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: named ? decodeURIComponent(named) : 'veza-export.json' };
}
