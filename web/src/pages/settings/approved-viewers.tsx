import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { identityKeys } from '../../api/identity-keys.ts';
import { approveViewerByUsername, listApprovedViewers, removeApprovedViewer } from '../../api/profile-api.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TextField } from '../../components/text-field.tsx';

/** The people who see a private profile in full: add by username, remove any. */
export function ApprovedViewers() {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const viewers = useQuery({ queryKey: identityKeys.approvedViewers, queryFn: listApprovedViewers });
  const refresh = () => queryClient.invalidateQueries({ queryKey: identityKeys.approvedViewers });
  const approve = useMutation({
    mutationFn: approveViewerByUsername,
    onSuccess: async () => {
      setUsername('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: removeApprovedViewer, onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    approve.mutate(username.trim().replace(/^@/, ''));
  };
  const items = viewers.data?.items ?? [];
  return (
    <div className="stack">
      <form className="inline-form" onSubmit={submit}>
        <TextField
          label="Approve someone"
          placeholder="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <button type="submit" className="button" disabled={approve.isPending}>
          Approve
        </button>
      </form>
      <ProblemAlert error={viewers.error ?? approve.error ?? remove.error} />
      {viewers.isSuccess && items.length === 0 && <p className="muted">No one is approved yet.</p>}
      {items.length > 0 && (
        <ul className="list" aria-label="Approved viewers">
          {items.map((viewer) => (
            <li key={viewer.id} className="list-row">
              <div className="list-row-main">
                <p className="list-row-title">{viewer.displayName}</p>
                <p className="list-row-meta">
                  @{viewer.username} · approved {new Date(viewer.approvedAt).toLocaleDateString()}
                </p>
              </div>
              <button
                type="button"
                className="button button-ghost"
                onClick={() => remove.mutate(viewer.id)}
                disabled={remove.isPending}
                aria-label={`Remove @${viewer.username}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
