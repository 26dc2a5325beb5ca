import type { ComponentProps } from 'react';
import { TextField } from './text-field.tsx';

type OneTimeCodeFieldProps = Omit<
  ComponentProps<typeof TextField>,
  'label' | 'inputMode' | 'autoComplete' | 'required' | 'value' | 'onChange'
> & {
  /** A recovery code (letters too) instead of the authenticator app's digits. */
  recovery?: boolean;
  label?: string;
  value: string;
  onValueChange: (value: string) => void;
};

/** A second-factor code, which the browser may offer to fill in from a one-time-code source. */
export function OneTimeCodeField({
  recovery = false,
  label = recovery ? 'Recovery code' : 'Authentication code',
  value,
  onValueChange,
  ...field
}: OneTimeCodeFieldProps) {
  return (
    <TextField
      {...field}
      label={label}
      inputMode={recovery ? 'text' : 'numeric'}
      autoComplete="one-time-code"
      required
      value={value}
      onChange={(event) => onValueChange(event.target.value)}
    />
  );
}

/** What was typed, without the spaces people put in to read a code in groups. */
export const enteredCode = (typed: string) => typed.replace(/\s+/g, '');
