import { useId } from 'react';
import type { Visibility } from '../../api/track-types.ts';

const CHOICES: { value: Visibility; label: string; hint: string }[] = [
  { value: 'public', label: 'Public', hint: 'Anyone can find and play it.' },
  { value: 'unlisted', label: 'Unlisted', hint: 'Only people with the secret link can play it.' },
  { value: 'private', label: 'Private', hint: 'Only you can play it.' },
];

type VisibilityFieldProps = { value: Visibility; onChange: (value: Visibility) => void; disabled?: boolean };

/** Who may play the track, as three radio cards. */
export function VisibilityField({ value, onChange, disabled }: VisibilityFieldProps) {
  const name = useId();
  return (
    <fieldset className="fieldset visibility-field" disabled={disabled}>
      <legend className="field-label">Visibility</legend>
      <div className="choice-cards">
        {CHOICES.map((choice) => (
          <label key={choice.value} className="choice-card">
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
            />
            <span className="choice-card-label">{choice.label}</span>
            <span className="field-hint">{choice.hint}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
