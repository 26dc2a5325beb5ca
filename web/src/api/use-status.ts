import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api-client.ts';
import type { ReadinessReport } from './status-types.ts';

export type { CheckResult, CheckStatus, PlatformStatus, ReadinessReport } from './status-types.ts';

export const STATUS_REFRESH_MS = 10_000;

export const statusKeys = {
  readiness: ['health', 'ready'] as const,
  platform: ['status'] as const,
};

/** Readiness answers 503 with a full report when a check fails: that is data to show, not a failed request. */
export async function fetchReadiness(): Promise<ReadinessReport> {
  const { data, error, response } = await api.GET('/health/ready');
  if (response.status === 503 && error) return error;
  return unwrap(Promise.resolve({ data, error, response }));
}

export function useReadiness() {
  return useQuery({
    queryKey: statusKeys.readiness,
    queryFn: fetchReadiness,
    refetchInterval: STATUS_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

export function usePlatformStatus() {
  return useQuery({
    queryKey: statusKeys.platform,
    queryFn: () => unwrap(api.GET('/api/v1/status')),
    refetchInterval: STATUS_REFRESH_MS,
  });
}
