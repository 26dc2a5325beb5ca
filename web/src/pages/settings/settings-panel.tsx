import type { ReactNode } from 'react';
import { useId } from 'react';

type SettingsPanelProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  tone?: 'default' | 'danger';
  testId?: string;
};

/** One titled block of a settings tab (a region named by its heading). */
export function SettingsPanel({
  title,
  description,
  children,
  tone = 'default',
  testId,
}: SettingsPanelProps) {
  const id = useId();
  return (
    <section
      className={`panel settings-panel${tone === 'danger' ? ' panel-danger' : ''}`}
      aria-labelledby={id}
      data-testid={testId}
    >
      <h2 id={id}>{title}</h2>
      {description && <p className="panel-description">{description}</p>}
      {children}
    </section>
  );
}
