/** Shapes served by the kernel's operations routes (server/src/kernel/http/health-routes.ts, status-route.ts). */

export type CheckStatus = 'ok' | 'error';

export type CheckResult = {
  status: CheckStatus;
  durationMs: number;
  error?: string;
};

/** `GET /health/ready`: 200 when every check is ok, 503 with the same shape otherwise. */
export type ReadinessReport = {
  status: CheckStatus;
  checks: Record<string, CheckResult>;
};

/** `GET /api/v1/status`: what this process is and runs. */
export type PlatformStatus = {
  name: 'Veza';
  version: string;
  mode: 'embedded' | 'distributed';
  services: string[];
  adapters: Record<string, string>;
};
