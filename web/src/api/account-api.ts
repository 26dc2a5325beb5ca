import { toApiError } from './api-error.ts';
import type { Me, RecoveryCodes, TwoFactorSetup } from './identity-types.ts';
import { apiRequest, requestJson } from './json-request.ts';
import { sessionFetch } from './session-fetch.ts';

/** The signed-in account's own settings: credentials, two-factor, linked providers, export, deletion. */
const AUTH = '/api/v1/auth';
const ME = '/api/v1/users/me';

export const fetchMe = () => requestJson<Me>(ME);

export const changePassword = (currentPassword: string, newPassword: string) =>
  requestJson<void>(`${AUTH}/password`, { method: 'POST', body: { currentPassword, newPassword } });

export const changeEmail = (password: string, newEmail: string) =>
  requestJson<void>(`${AUTH}/email`, { method: 'POST', body: { password, newEmail } });

export const setUpTwoFactor = (password: string) =>
  requestJson<TwoFactorSetup>(`${AUTH}/2fa/setup`, { method: 'POST', body: { password } });

export const enableTwoFactor = (code: string) =>
  requestJson<RecoveryCodes>(`${AUTH}/2fa/enable`, { method: 'POST', body: { code } });

export const disableTwoFactor = (password: string, code: string) =>
  requestJson<void>(`${AUTH}/2fa/disable`, { method: 'POST', body: { password, code } });

export const renewRecoveryCodes = (password: string, code: string) =>
  requestJson<RecoveryCodes>(`${AUTH}/2fa/recovery-codes`, { method: 'POST', body: { password, code } });

/** Asks for the provider's authorization URL; visiting it links that identity to this account. */
export const startProviderLink = (provider: string) =>
  requestJson<{ url: string }>(`${AUTH}/oidc/${encodeURIComponent(provider)}/link`, { method: 'POST' });

export const unlinkProvider = (provider: string) =>
  requestJson<void>(`${AUTH}/providers/${encodeURIComponent(provider)}`, { method: 'DELETE' });

export const setPhone = (phone: string, password: string) =>
  requestJson<void>(`${ME}/phone`, { method: 'PUT', body: { phone, password } });

export const removePhone = () => requestJson<void>(`${ME}/phone`, { method: 'DELETE' });

export const deleteAccount = (body: { password?: string; totp?: string }) =>
  requestJson<void>(`${ME}/delete`, { method: 'POST', body });

/** The JSON archive of everything Veza holds about the account, with the file name the server suggests. */
export async function downloadExport(): Promise<{ blob: Blob; fileName: string }> {
  const response = await sessionFetch(apiRequest(`${ME}/export`));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(response, body);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: named ? decodeURIComponent(named) : 'veza-export.json' };
}
