import type { ReactNode } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { hasPermission, useMe, useSessionEndedReset } from '../api/use-me.ts';
import {
  CommunitiesIcon,
  HomeIcon,
  LibraryIcon,
  MarketplaceIcon,
  PlayIcon,
  PulseIcon,
  UsersIcon,
  VezaLogo,
  WaveIcon,
} from '../components/icons.tsx';
import { SessionMenu } from './session-menu.tsx';

type NavItem = { to: string; label: string; icon: ReactNode; end?: boolean };

const primaryNav: NavItem[] = [
  { to: '/', label: 'Home', icon: <HomeIcon />, end: true },
  { to: '/library', label: 'Library', icon: <LibraryIcon /> },
  { to: '/communities', label: 'Communities', icon: <CommunitiesIcon /> },
  { to: '/marketplace', label: 'Marketplace', icon: <MarketplaceIcon /> },
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

/** The app's frame: top bar, side navigation, the page, and the space the persistent player will live in. */
export function Layout() {
  useSessionEndedReset();
  const me = useMe();
  const secondaryNav = hasPermission(me.data, 'users:view') ? [adminNav, statusNav] : [statusNav];
  return (
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
        <NavList items={primaryNav} />
        <div className="side-nav-footer">
          <NavList items={secondaryNav} />
        </div>
      </nav>

      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>

      <section className="player-bar" aria-label="Player">
        <div className="player-track">
          <div className="player-cover" aria-hidden="true">
            <WaveIcon />
          </div>
          <div>
            <p className="player-title">Nothing playing</p>
            <p className="player-subtitle">Pick a track to start listening</p>
          </div>
        </div>
        <div className="player-controls">
          <button type="button" className="player-play" aria-label="Play" disabled>
            <PlayIcon />
          </button>
          <div className="player-progress" aria-hidden="true">
            <span>0:00</span>
            <div className="player-progress-track" />
            <span>0:00</span>
          </div>
        </div>
        <div className="player-side" aria-hidden="true" />
      </section>
    </div>
  );
}
