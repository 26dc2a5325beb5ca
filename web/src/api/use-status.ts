import { useQuery } from '@tanstack/react-query';
import { ApiError, apiClient } from './api-client.ts';
import type { PlatformStatus, ReadinessReport } from './status-types.ts';

export type { CheckResult, CheckStatus, PlatformStatus, ReadinessReport } from './status-types.ts';

export const STATUS_REFRESH_MS = 10_000;

export const statusKeys = {
  readiness: ['health', 'ready'] as const,
  platform: ['status'] as const,
};

function isReadinessReport(value: unknown): value is ReadinessReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Partial<ReadinessReport>;
  return (report.status === 'ok' || report.status === 'error') && typeof report.checks === 'object';
}

/** Readiness answers 503 with a full report when a check fails: that is data to show, not a failed request. */
export async function fetchReadiness(): Promise<ReadinessReport> {
  try {
    return await apiClient.get<ReadinessReport>('/health/ready');
  } catch (error) {
    if (error instanceof ApiError && error.status === 503 && isReadinessReport(error.body)) return error.body;
    throw error;
  }
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
    queryFn: () => apiClient.get<PlatformStatus>('/api/v1/status'),
    refetchInterval: STATUS_REFRESH_MS,
  });
}
