import { PROFILE_LIMITS, type ProfileLink } from '../../api/profile-types.ts';

const MAX_LINKS = PROFILE_LIMITS.links;

type LinksEditorProps = {
  links: ProfileLink[];
  onChange: (links: ProfileLink[]) => void;
};

/** Rows of label + URL for a profile's links, with add and remove. */
export function LinksEditor({ links, onChange }: LinksEditorProps) {
  const update = (index: number, change: Partial<ProfileLink>) =>
    onChange(links.map((link, at) => (at === index ? { ...link, ...change } : link)));
  return (
    <fieldset className="fieldset">
      <legend className="field-label">Links</legend>
      {links.length === 0 && <p className="field-hint">Add your website, Bandcamp, socials…</p>}
      <ul className="links-editor">
        {links.map((link, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <li key={index} className="link-row">
            <input
              className="input"
              aria-label={`Link ${index + 1} label`}
              placeholder="Label"
              maxLength={PROFILE_LIMITS.linkLabel}
              value={link.label}
              onChange={(event) => update(index, { label: event.target.value })}
            />
            <input
              className="input"
              type="url"
              aria-label={`Link ${index + 1} URL`}
              placeholder="https://"
              value={link.url}
              onChange={(event) => update(index, { url: event.target.value })}
            />
            <button
              type="button"
              className="button button-ghost"
              aria-label={`Remove link ${index + 1}`}
              onClick={() => onChange(links.filter((_, at) => at !== index))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {links.length < MAX_LINKS && (
        <button
          type="button"
          className="button button-ghost"
          onClick={() => onChange([...links, { label: '', url: '' }])}
        >
          Add a link
        </button>
      )}
    </fieldset>
  );
}
