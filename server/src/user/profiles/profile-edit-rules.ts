import type { Static } from 'typebox';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { ProfileEdit } from './profile-schemas.ts';
import type { ProfileLink } from './profile-tables.ts';

/**
 * The rules of a profile edit that the schema cannot state: text is trimmed (a display name of spaces is
 * no name), single-line fields refuse control characters (they break layouts and can spoof text), links
 * must be http(s) (a `javascript:` link on a profile page is an attack), and genres are deduplicated
 * case-insensitively so "Techno" and "techno" are one genre.
 */
export interface NormalizedEdit {
  display_name?: string;
  bio?: string;
  links?: ProfileLink[];
  location?: string;
  genres?: string[];
  private?: boolean;
}

const invalid = (code: string, detail: string) => new ProblemError(400, code, 'Invalid profile', detail);

// Unicode "Cc": C0 and C1 controls and DEL. The bio may keep line breaks and tabs.
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_NEWLINES = /(?![\t\n\r])\p{Cc}/u;

function singleLine(value: string, code: string, what: string): string {
  const trimmed = value.trim();
  if (CONTROL.test(trimmed)) throw invalid(code, `${what} must not contain control characters`);
  return trimmed;
}

function link({ label, url }: ProfileLink, index: number): ProfileLink {
  const cleanLabel = singleLine(label, 'link_invalid', `Link ${index + 1}'s label`);
  if (!cleanLabel) throw invalid('link_invalid', `Link ${index + 1} needs a label`);
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('link_invalid', `Link ${index + 1} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('link_invalid', `Link ${index + 1} must start with http:// or https://`);
  return { label: cleanLabel, url: parsed.href };
}

export function normalizeEdit(edit: Static<typeof ProfileEdit>): NormalizedEdit {
  const out: NormalizedEdit = {};
  if (edit.displayName !== undefined) {
    out.display_name = singleLine(edit.displayName, 'display_name_invalid', 'A display name');
    if (!out.display_name) throw invalid('display_name_invalid', 'A display name needs a visible character');
  }
  if (edit.bio !== undefined) {
    out.bio = edit.bio.trim();
    if (CONTROL_EXCEPT_NEWLINES.test(out.bio))
      throw invalid('bio_invalid', 'A bio must not contain control characters');
  }
  if (edit.location !== undefined) out.location = singleLine(edit.location, 'location_invalid', 'A location');
  if (edit.links !== undefined) out.links = edit.links.map(link);
  if (edit.genres !== undefined) {
    const seen = new Set<string>();
    out.genres = [];
    for (const genre of edit.genres) {
      const clean = singleLine(genre, 'genre_invalid', 'A genre');
      if (!clean) throw invalid('genre_invalid', 'A genre needs a visible character');
      if (seen.has(clean.toLowerCase())) continue;
      seen.add(clean.toLowerCase());
      out.genres.push(clean);
    }
  }
  if (edit.private !== undefined) out.private = edit.private;
  return out;
}
