import type { ComponentProps } from 'react';
import { TextField } from './text-field.tsx';

type EmailFieldProps = Omit<
  ComponentProps<typeof TextField>,
  'label' | 'type' | 'autoComplete' | 'required' | 'value' | 'onChange'
> & {
  label?: string;
  value: string;
  onValueChange: (value: string) => void;
};

/** A required email address input. */
export function EmailField({ label = 'Email', value, onValueChange, ...field }: EmailFieldProps) {
  return (
    <TextField
      {...field}
      label={label}
      type="email"
      autoComplete="email"
      required
      value={value}
      onChange={(event) => onValueChange(event.target.value)}
    />
  );
}
