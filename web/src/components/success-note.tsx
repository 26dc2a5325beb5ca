import type { ReactNode } from 'react';

/** A confirmation after a form did its work, announced politely. */
export function SuccessNote({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}
