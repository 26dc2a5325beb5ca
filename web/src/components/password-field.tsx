import type { ComponentProps } from 'react';
import { TextField } from './text-field.tsx';

/** The shortest password the server accepts (server/src/user/auth/account-rules.ts; `password_too_short`). */
export const PASSWORD_MIN = 10;

type PasswordFieldProps = Omit<
  ComponentProps<typeof TextField>,
  'type' | 'autoComplete' | 'required' | 'minLength' | 'value' | 'onChange'
> & {
  /**
   * `current`: the password someone has, to prove it is them; `new`: one they choose, held to
   * PASSWORD_MIN (said in the hint unless another is given). Password managers read the difference.
   */
  purpose: 'current' | 'new';
  value: string;
  onValueChange: (value: string) => void;
};

/** A required password input, told apart for password managers as one someone has or one they choose. */
export function PasswordField({ purpose, hint, value, onValueChange, ...field }: PasswordFieldProps) {
  const choosing = purpose === 'new';
  return (
    <TextField
      {...field}
      type="password"
      autoComplete={`${purpose}-password`}
      required
      minLength={choosing ? PASSWORD_MIN : undefined}
      hint={hint ?? (choosing ? `At least ${PASSWORD_MIN} characters.` : undefined)}
      value={value}
      onChange={(event) => onValueChange(event.target.value)}
    />
  );
}
