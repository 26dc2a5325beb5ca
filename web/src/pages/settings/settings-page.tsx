import { NavLink, Outlet, useOutletContext } from 'react-router';
import type { Me } from '../../api/identity-types.ts';
import { RequireSignIn } from '../../components/require-sign-in.tsx';

const TABS = [
  { to: 'profile', label: 'Profile' },
  { to: 'security', label: 'Security' },
  { to: 'privacy', label: 'Privacy' },
  { to: 'account', label: 'Data & account' },
] as const;

/** The signed-in account, for the settings tabs rendered inside this page. */
export const useSettingsAccount = () => useOutletContext<Me>();

export function SettingsPage() {
  return (
    <RequireSignIn>
      {(me) => (
        <div className="page settings-page">
          <header className="page-header">
            <h1 id="page-title">Settings</h1>
            <p className="lead">
              Signed in as <strong>@{me.username}</strong> · {me.email}
            </p>
          </header>
          <nav className="tabs" aria-label="Settings sections">
            {TABS.map((tab) => (
              <NavLink key={tab.to} to={tab.to} className="tab">
                {tab.label}
              </NavLink>
            ))}
          </nav>
          <div className="settings-body">
            <Outlet context={me} />
          </div>
        </div>
      )}
    </RequireSignIn>
  );
}
