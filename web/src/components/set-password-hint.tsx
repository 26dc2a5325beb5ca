import { Link } from 'react-router';

/**
 * An account made through a sign-in provider has no password; the emailed reset link is how it gets
 * one (it proves the address, which is what setting a first password needs).
 */
export function SetPasswordHint({ why }: { why: string }) {
  return (
    <p className="muted">
      Set a password first: {why} <Link to="/forgot-password">Get a link to set one by email</Link>.
    </p>
  );
}
