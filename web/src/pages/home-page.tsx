import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CommunitiesIcon, LibraryIcon, MarketplaceIcon, WaveIcon } from '../components/icons.tsx';

type Pillar = { title: string; text: string; to: string; icon: ReactNode };

const pillars: Pillar[] = [
  {
    title: 'Publish',
    text: 'Upload tracks with waveforms, timed comments and reposts.',
    to: '/library',
    icon: <WaveIcon />,
  },
  {
    title: 'Stream',
    text: 'Adaptive streaming, playlists and recommendations that follow your taste.',
    to: '/library',
    icon: <LibraryIcon />,
  },
  {
    title: 'Talk',
    text: 'Communities, channels and DMs with the people you make music with.',
    to: '/communities',
    icon: <CommunitiesIcon />,
  },
  {
    title: 'Trade',
    text: 'Sell sample packs, presets and beat licenses, paid safely through escrow.',
    to: '/marketplace',
    icon: <MarketplaceIcon />,
  },
];

export function HomePage() {
  return (
    <div className="page home-page">
      <title>Veza</title>
      <section className="hero" aria-labelledby="page-title">
        <p className="eyebrow">Welcome to Veza</p>
        <h1 id="page-title">Where music gets made, heard and shared</h1>
        <p className="lead">
          One open platform to publish your tracks, stream what others make, talk with your community and
          trade the sounds behind it all.
        </p>
      </section>

      <section aria-labelledby="pillars-title">
        <h2 id="pillars-title" className="section-title">
          Everything in one place
        </h2>
        <ul className="card-grid">
          {pillars.map((pillar) => (
            <li key={pillar.title}>
              <Link to={pillar.to} className="card card-link">
                <span className="card-icon">{pillar.icon}</span>
                <span className="card-title">{pillar.title}</span>
                <span className="card-text">{pillar.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
