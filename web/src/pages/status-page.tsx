import { ApiError } from '../api/api-client.ts';
import type { CheckResult, PlatformStatus, ReadinessReport } from '../api/use-status.ts';
import { STATUS_REFRESH_MS, usePlatformStatus, useReadiness } from '../api/use-status.ts';
import { RefreshIcon } from '../components/icons.tsx';
import { type BadgeState, StatusBadge } from '../components/status-badge.tsx';

const checkLabels: Record<string, { label: string; description: string }> = {
  database: { label: 'Database', description: 'PostgreSQL: accounts, tracks, events' },
  bus: { label: 'Event bus', description: 'Domain events between services' },
  cache: { label: 'Cache', description: 'Sessions, rate limits, presence' },
  storage: { label: 'Object storage', description: 'Audio, artwork and downloads' },
  mail: { label: 'Mail', description: 'Sign-up, receipts and notifications' },
  pubsub: { label: 'Pub/sub', description: 'Real-time fan-out to the gateway' },
  process: { label: 'Process', description: 'This server process' },
};

const adapterLabels: Record<string, string> = {
  database: 'Database',
  bus: 'Event bus',
  cache: 'Cache',
  storage: 'Object storage',
  mail: 'Mail',
  pubsub: 'Pub/sub',
};

const titleCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const detail = error.detail ? `: ${error.detail}` : '';
    return `${error.title}${detail} (${error.status})`;
  }
  if (error instanceof Error) return error.message;
  return 'Unknown error';
}

function formatDuration(ms: number): string {
  if (ms < 0.1) return '<0.1 ms';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function formatTime(timestamp: number): string {
  return new Date(timestamp).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

function CheckRow({ name, check }: { name: string; check: CheckResult }) {
  const known = checkLabels[name];
  return (
    <li className="check-row" data-testid={`check-${name}`} data-state={check.status}>
      <div className="check-name">
        <span className="check-label">{known?.label ?? titleCase(name)}</span>
        <span className="check-description">{check.error ?? known?.description ?? name}</span>
      </div>
      <span className="check-duration">{formatDuration(check.durationMs)}</span>
      <StatusBadge state={check.status} testId={`check-${name}-status`} />
    </li>
  );
}

function ReadinessSection() {
  const readiness = useReadiness();
  const report: ReadinessReport | undefined = readiness.data;
  const unreachable = readiness.isError && !report;
  const overall: BadgeState = unreachable ? 'error' : (report?.status ?? 'pending');
  const checks = report ? Object.entries(report.checks) : [];
  const failing = checks.filter(([, check]) => check.status === 'error').length;

  let summary = 'Checking every dependency…';
  if (unreachable) summary = 'The server cannot be reached.';
  else if (report?.status === 'ok') summary = 'All systems operational';
  else if (report) summary = `${failing} of ${checks.length} checks failing`;

  return (
    <section className="panel" aria-labelledby="readiness-title">
      <div className="panel-header">
        <h2 id="readiness-title">Readiness</h2>
        <button
          type="button"
          className="button button-ghost"
          onClick={() => void readiness.refetch()}
          disabled={readiness.isFetching}
        >
          <RefreshIcon width={16} height={16} className={readiness.isFetching ? 'spin' : undefined} />
          Refresh
        </button>
      </div>

      <div className={`overall overall-${overall}`} aria-live="polite" aria-atomic="true">
        <StatusBadge state={overall} testId="overall-status" />
        <div>
          <p className="overall-summary">{summary}</p>
          <p className="overall-meta">
            {readiness.dataUpdatedAt > 0 ? `Updated ${formatTime(readiness.dataUpdatedAt)} · ` : ''}
            refreshes every {STATUS_REFRESH_MS / 1000} s
          </p>
        </div>
      </div>

      {readiness.isError && (
        <p className="alert" role="alert">
          Could not load readiness: {describeError(readiness.error)}
        </p>
      )}

      {checks.length > 0 && (
        <ul className="check-list" aria-label="Dependency checks">
          {checks.map(([name, check]) => (
            <CheckRow key={name} name={name} check={check} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PlatformDetails({ status }: { status: PlatformStatus }) {
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Version</dt>
          <dd data-testid="platform-version">{status.version}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd data-testid="platform-mode">{status.mode}</dd>
        </div>
      </dl>

      <h3 className="subheading">
        Services in this process <span className="count">{status.services.length}</span>
      </h3>
      {status.services.length > 0 ? (
        <ul className="chip-list" data-testid="platform-services">
          {status.services.map((service) => (
            <li key={service} className="chip">
              {service}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="platform-services">
          No domain services loaded yet.
        </p>
      )}

      <h3 className="subheading">Adapters</h3>
      <dl className="adapter-list" data-testid="platform-adapters">
        {Object.entries(status.adapters).map(([port, adapter]) => (
          <div key={port} className="adapter-row" data-testid={`adapter-${port}`}>
            <dt>{adapterLabels[port] ?? titleCase(port)}</dt>
            <dd>
              <code>{adapter}</code>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function PlatformSection() {
  const platform = usePlatformStatus();
  return (
    <section className="panel" aria-labelledby="platform-title">
      <div className="panel-header">
        <h2 id="platform-title">This deployment</h2>
      </div>
      {platform.data ? (
        <PlatformDetails status={platform.data} />
      ) : platform.isError ? (
        <p className="alert" role="alert">
          Could not load the platform status: {describeError(platform.error)}
        </p>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}

export function StatusPage() {
  return (
    <div className="page status-page">
      <title>Status · Veza</title>
      <header className="page-header">
        <h1 id="page-title">Platform status</h1>
        <p className="lead">Health of every dependency this Veza server needs, and what it runs.</p>
      </header>
      <div className="status-grid">
        <ReadinessSection />
        <PlatformSection />
      </div>
    </div>
  );
}
