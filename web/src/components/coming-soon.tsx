import type { ReactNode } from 'react';
import { Link } from 'react-router';

type ComingSoonProps = {
  title: string;
  description: string;
  icon: ReactNode;
};

/** Placeholder for a section of the app that later work fills. */
export function ComingSoon({ title, description, icon }: ComingSoonProps) {
  return (
    <section className="page coming-soon" aria-labelledby="page-title">
      <title>{`${title} · Veza`}</title>
      <div className="coming-soon-card">
        <div className="coming-soon-icon">{icon}</div>
        <h1 id="page-title">{title}</h1>
        <p className="lead">{description}</p>
        <p className="pill">Coming soon</p>
        <Link className="button button-secondary" to="/">
          Back to home
        </Link>
      </div>
    </section>
  );
}
