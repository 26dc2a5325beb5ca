import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { listUsers } from '../../api/admin-users-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import type { Me } from '../../api/identity-types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { RequireSignIn } from '../../components/require-sign-in.tsx';
import { UserAdminRow } from './user-admin-row.tsx';

function UsersTable({ me }: { me: Me }) {
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const users = useInfiniteQuery({
    queryKey: identityKeys.adminUsers(query),
    queryFn: ({ pageParam }) => listUsers(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft.trim());
  };
  return (
    <>
      <search>
        <form className="search-form" onSubmit={search}>
          <label htmlFor="user-search" className="visually-hidden">
            Search users
          </label>
          <input
            id="user-search"
            className="input"
            type="search"
            placeholder="Search by username or email"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button">
            Search
          </button>
        </form>
      </search>
      <ProblemAlert error={users.error} />
      {users.isPending && <p className="muted">Loading accounts…</p>}
      {users.isSuccess && rows.length === 0 && <p className="muted">No account matches “{query}”.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Accounts</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => (
                <UserAdminRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === me.id}
                  canGrant={me.permissions.includes('roles:grant')}
                  canManage={me.permissions.includes('users:manage')}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.hasNextPage && (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void users.fetchNextPage()}
            disabled={users.isFetchingNextPage}
          >
            {users.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </>
  );
}

export function AdminUsersPage() {
  return (
    <RequireSignIn permission="users:view">
      {(me) => (
        <div className="page admin-page">
          <title>Users · Veza</title>
          <header className="page-header">
            <h1 id="page-title">Users</h1>
            <p className="lead">
              Find accounts, change their roles, suspend or restore them. Every change is audited.
            </p>
          </header>
          <UsersTable me={me} />
        </div>
      )}
    </RequireSignIn>
  );
}
