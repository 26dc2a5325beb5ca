import type { paths } from '@veza/sdk';

/** Shapes of the kernel's operations routes, from the generated SDK. */
export type ReadinessReport = paths['/health/ready']['get']['responses'][200]['content']['application/json'];
export type CheckResult = ReadinessReport['checks'][string];
export type CheckStatus = ReadinessReport['status'];
export type PlatformStatus = paths['/api/v1/status']['get']['responses'][200]['content']['application/json'];
