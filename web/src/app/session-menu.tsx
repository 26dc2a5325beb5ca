import { useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../api/use-me.ts';
import { useMyProfile } from '../api/use-my-profile.ts';
import { useSignOut } from '../api/use-sign-out.ts';
import { Avatar } from '../components/avatar.tsx';
import { usePopoverDismiss } from '../components/use-popover-dismiss.ts';

/** The top bar's account corner: sign-in and sign-up links for visitors, the account menu once signed in. */
export function SessionMenu() {
  const me = useMe();
  if (me.isPending) return <div className="session-menu" aria-hidden="true" />;
  if (!me.data)
    return (
      <div className="session-menu">
        <Link className="button button-ghost" to="/sign-in">
          Sign in
        </Link>
        <Link className="button" to="/sign-up">
          Sign up
        </Link>
      </div>
    );
  return <AccountMenu username={me.data.username} isAdmin={hasPermission(me.data, 'users:view')} />;
}

function AccountMenu({ username, isAdmin }: { username: string; isAdmin: boolean }) {
  const profile = useMyProfile();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const name = profile.data?.displayName || username;

  usePopoverDismiss(open, setOpen, root, toggle);

  const close = () => setOpen(false);
  const onSignOut = () =>
    signOut.mutate(undefined, {
      onSettled: () => {
        close();
        navigate('/');
      },
    });

  return (
    <div className="session-menu" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="account-button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account: ${name}`}
        onClick={() => setOpen((value) => !value)}
      >
        <Avatar name={name} images={profile.data?.avatar} size={30} />
        <span className="account-name" data-testid="account-name">
          {name}
        </span>
      </button>
      {open && (
        <div className="account-popover" id={menuId}>
          <p className="account-popover-user">
            Signed in as <strong>@{username}</strong>
          </p>
          <ul>
            <li>
              <Link to={`/u/${username}`} onClick={close} className="popover-link">
                Your profile
              </Link>
            </li>
            <li>
              <Link to="/settings" onClick={close} className="popover-link">
                Settings
              </Link>
            </li>
            {isAdmin && (
              <li>
                <Link to="/admin/users" onClick={close} className="popover-link">
                  Manage users
                </Link>
              </li>
            )}
            <li>
              <button type="button" className="popover-link" onClick={onSignOut} disabled={signOut.isPending}>
                {signOut.isPending ? 'Signing out…' : 'Sign out'}
              </button>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
