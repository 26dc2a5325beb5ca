import { type ReactNode, useRef } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { hasPermission, useMe, useSessionEndedReset } from '../api/use-me.ts';
import {
  CommunitiesIcon,
  HomeIcon,
  LibraryIcon,
  MarketplaceIcon,
  PulseIcon,
  TracksIcon,
  UploadIcon,
  UsersIcon,
  VezaLogo,
} from '../components/icons.tsx';
import { PlayerBar } from '../player/player-bar.tsx';
import { PlayerProvider } from '../player/player-context.tsx';
import { SessionMenu } from './session-menu.tsx';
import { useScrollReset } from './use-scroll-reset.ts';

type NavItem = { to: string; label: string; icon: ReactNode; end?: boolean };

const primaryNav: NavItem[] = [
  { to: '/', label: 'Home', icon: <HomeIcon />, end: true },
  { to: '/library', label: 'Library', icon: <LibraryIcon /> },
  { to: '/communities', label: 'Communities', icon: <CommunitiesIcon /> },
  { to: '/marketplace', label: 'Marketplace', icon: <MarketplaceIcon /> },
];

/** What an account can do with its own music. */
const artistNav: NavItem[] = [
  { to: '/upload', label: 'Upload', icon: <UploadIcon /> },
  { to: '/tracks/mine', label: 'Your tracks', icon: <TracksIcon /> },
];

const statusNav: NavItem = { to: '/status', label: 'Status', icon: <PulseIcon /> };
const adminNav: NavItem = { to: '/admin/users', label: 'Users', icon: <UsersIcon /> };

function NavList({ items }: { items: NavItem[] }) {
  return (
    <ul className="nav-list">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} end={item.end ?? false} className="nav-link">
            {item.icon}
            <span>{item.label}</span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/** The app's frame: top bar, side navigation, the page, and the player that keeps playing across pages. */
export function Layout() {
  useSessionEndedReset();
  const me = useMe();
  const main = useRef<HTMLElement>(null);
  useScrollReset(main);
  const secondaryNav = hasPermission(me.data, 'users:view') ? [adminNav, statusNav] : [statusNav];
  return (
    <PlayerProvider>
      <div className="app-shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="top-bar">
          <Link to="/" className="brand" aria-label="Veza home">
            <VezaLogo />
            <span className="brand-name">Veza</span>
          </Link>
          <p className="top-bar-tagline">Publish, stream, talk and trade music</p>
          <SessionMenu />
        </header>

        <nav className="side-nav" aria-label="Main">
          <div className="side-nav-main">
            <NavList items={primaryNav} />
            {me.data && (
              <div className="side-nav-group">
                <NavList items={artistNav} />
              </div>
            )}
          </div>
          <div className="side-nav-footer">
            <NavList items={secondaryNav} />
          </div>
        </nav>

        <main id="main" className="content" tabIndex={-1} ref={main}>
          <Outlet />
        </main>

        <PlayerBar />
      </div>
    </PlayerProvider>
  );
}
