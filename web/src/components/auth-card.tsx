import type { ReactNode } from 'react';
import { VezaLogo } from './icons.tsx';

type AuthCardProps = {
  title: string;
  lead?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
};

/** The centred card every signed-out page (sign in, sign up, verify, reset) is laid out in. */
export function AuthCard({ title, lead, children, footer }: AuthCardProps) {
  return (
    <section className="page auth-page" aria-labelledby="page-title">
      <title>{`${title} · Veza`}</title>
      <div className="auth-card">
        <VezaLogo width={40} height={40} />
        <h1 id="page-title">{title}</h1>
        {lead && <p className="auth-lead">{lead}</p>}
        <div className="auth-body">{children}</div>
        {footer && <div className="auth-footer">{footer}</div>}
      </div>
    </section>
  );
}
