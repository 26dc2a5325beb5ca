import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listSessions, revokeSession } from '../../api/auth-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import type { SessionItem } from '../../api/identity-types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { deviceLabel } from './device-label.ts';
import { relativeTime } from './relative-time.ts';
import { SettingsPanel } from './settings-panel.tsx';

function SessionRow({
  session,
  onRevoke,
  busy,
}: {
  session: SessionItem;
  onRevoke: () => void;
  busy: boolean;
}) {
  const label = deviceLabel(session.device);
  return (
    <li className="list-row" data-testid="session-row" data-current={session.current || undefined}>
      <div className="list-row-main">
        <p className="list-row-title" title={session.device}>
          {label}
          {session.current && <span className="pill pill-inline">This device</span>}
        </p>
        <p className="list-row-meta">
          {session.ip} · signed in {relativeTime(session.createdAt)}
          {session.lastSeenAt ? ` · active ${relativeTime(session.lastSeenAt)}` : ''}
        </p>
      </div>
      {!session.current && (
        <button
          type="button"
          className="button button-ghost"
          onClick={onRevoke}
          disabled={busy}
          aria-label={`Sign out ${label} (${session.ip})`}
        >
          Sign out
        </button>
      )}
    </li>
  );
}

/** Where the account is signed in, with a way to end any other session. */
export function SessionsPanel() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: identityKeys.sessions, queryFn: listSessions });
  const revoke = useMutation({
    mutationFn: revokeSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.sessions }),
  });
  return (
    <SettingsPanel
      title="Where you are signed in"
      description="Sign out any session you do not recognise, then change your password."
      testId="sessions-panel"
    >
      {sessions.isPending && <p className="muted">Loading sessions…</p>}
      <ProblemAlert error={sessions.error ?? revoke.error} />
      {sessions.data && (
        <ul className="list" aria-label="Sessions">
          {sessions.data.items.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              busy={revoke.isPending && revoke.variables === session.id}
              onRevoke={() => revoke.mutate(session.id)}
            />
          ))}
        </ul>
      )}
    </SettingsPanel>
  );
}
