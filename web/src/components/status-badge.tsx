export type BadgeState = 'ok' | 'error' | 'pending';

type StatusBadgeProps = {
  state: BadgeState;
  /** Defaults to the state itself: "ok", "error" or "checking". */
  label?: string;
  testId?: string;
};

/** A coloured pill whose text is the state, so it reads the same to people, screen readers and tests. */
export function StatusBadge({ state, label, testId }: StatusBadgeProps) {
  return (
    <span className={`badge badge-${state}`} data-state={state}>
      <span className="badge-dot" aria-hidden="true" />
      <span data-testid={testId}>{label ?? (state === 'pending' ? 'checking' : state)}</span>
    </span>
  );
}
