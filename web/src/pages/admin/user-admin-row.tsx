import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { grantRole, restoreUser, revokeRole, suspendUser } from '../../api/admin-users-api.ts';
import { type AdminUser, ROLES, type Role } from '../../api/identity-types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

type UserAdminRowProps = {
  user: AdminUser;
  canGrant: boolean;
  canManage: boolean;
  isSelf: boolean;
};

/** One account in the admin table: its roles as toggles, and suspend / restore. */
export function UserAdminRow({ user, canGrant, canManage, isSelf }: UserAdminRowProps) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [suspending, setSuspending] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  // The box shows the requested state at once, and the server's once the list is reloaded.
  const [requested, setRequested] = useState<Record<string, boolean>>({});
  const role = useMutation({
    mutationFn: ({ name, on }: { name: Role; on: boolean }) =>
      on ? grantRole(user.id, name) : revokeRole(user.id, name),
    onSettled: async () => {
      await refresh();
      setRequested({});
    },
  });
  const toggleRole = (name: Role, on: boolean) => {
    setRequested((current) => ({ ...current, [name]: on }));
    role.mutate({ name, on });
  };
  const suspend = useMutation({
    mutationFn: () => suspendUser(user.id, reason.trim()),
    onSuccess: async () => {
      setSuspending(false);
      setReason('');
      await refresh();
    },
  });
  const restore = useMutation({ mutationFn: () => restoreUser(user.id), onSuccess: refresh });
  const suspended = user.status === 'suspended';

  return (
    <tr data-testid="admin-user-row" data-username={user.username}>
      <th scope="row">
        <span className="table-primary">@{user.username}</span>
        <span className="table-secondary">{user.email}</span>
      </th>
      <td>
        <fieldset className="role-toggles" disabled={!canGrant || role.isPending}>
          <legend className="visually-hidden">Roles of @{user.username}</legend>
          {ROLES.map((name) => (
            <label key={name} className="role-toggle">
              <input
                type="checkbox"
                checked={requested[name] ?? user.roles.includes(name)}
                // Everyone is a listener; an admin does not remove their own admin role by a stray click.
                disabled={name === 'listener' || (isSelf && name === 'admin')}
                onChange={(event) => toggleRole(name, event.target.checked)}
              />
              {name}
            </label>
          ))}
        </fieldset>
        <ProblemAlert error={role.error} />
      </td>
      <td>
        <span className={`badge ${suspended ? 'badge-error' : 'badge-ok'}`}>
          <span className="badge-dot" aria-hidden="true" />
          {user.status}
        </span>
        {suspended && user.suspendedReason && <span className="table-secondary">{user.suspendedReason}</span>}
        <span className="table-secondary">
          joined {new Date(user.createdAt).toLocaleDateString()}
          {user.emailVerified ? '' : ' · email not verified'}
        </span>
      </td>
      <td className="table-actions">
        {canManage && !isSelf && suspended && (
          <button type="button" className="button button-secondary" onClick={() => restore.mutate()}>
            Restore
          </button>
        )}
        {canManage && !isSelf && !suspended && !suspending && (
          <button type="button" className="button button-ghost" onClick={() => setSuspending(true)}>
            Suspend
          </button>
        )}
        {suspending && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              suspend.mutate();
            }}
          >
            <input
              className="input"
              aria-label={`Reason for suspending @${user.username}`}
              placeholder="Reason"
              required
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <button type="submit" className="button button-danger" disabled={suspend.isPending}>
              Suspend
            </button>
            <button type="button" className="button button-ghost" onClick={() => setSuspending(false)}>
              Cancel
            </button>
          </form>
        )}
        <ProblemAlert error={suspend.error ?? restore.error} />
      </td>
    </tr>
  );
}
