import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '../api/identity-types.ts';
import { useMe } from '../api/use-me.ts';
import { ProblemAlert } from './problem-alert.tsx';

type RequireSignInProps = {
  children: (me: Me) => ReactNode;
  /** When set, a signed-in account without this permission sees a "not allowed" page. */
  permission?: string;
};

/** Renders its page for a signed-in account; sends a visitor to sign in and back here afterwards. */
export function RequireSignIn({ children, permission }: RequireSignInProps) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <p className="muted page-loading">Loading…</p>;
  if (me.isError)
    return (
      <div className="page">
        <ProblemAlert error={me.error} />
      </div>
    );
  if (!me.data) {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  if (permission && !me.data.permissions.includes(permission))
    return (
      <section className="page" aria-labelledby="page-title">
        <title>Not allowed · Veza</title>
        <h1 id="page-title">Not allowed</h1>
        <p className="lead">Your account does not have access to this page.</p>
      </section>
    );
  return <>{children(me.data)}</>;
}
