import type { License } from '../../api/track-types.ts';

/** What each license is called on the page, in the order the form offers them. */
export const LICENSE_NAMES: Record<License, string> = {
  'all-rights-reserved': 'All rights reserved',
  'cc-by': 'CC BY 4.0 (attribution)',
  'cc-by-sa': 'CC BY-SA 4.0 (attribution, share alike)',
  'cc-by-nd': 'CC BY-ND 4.0 (attribution, no derivatives)',
  'cc-by-nc': 'CC BY-NC 4.0 (attribution, non-commercial)',
  'cc-by-nc-sa': 'CC BY-NC-SA 4.0 (attribution, non-commercial, share alike)',
  'cc-by-nc-nd': 'CC BY-NC-ND 4.0 (attribution, non-commercial, no derivatives)',
  cc0: 'CC0 (public domain)',
};

/** The Creative Commons deed a license links to; none for all rights reserved. */
export function licenseDeed(license: License): string | undefined {
  if (license === 'all-rights-reserved') return undefined;
  if (license === 'cc0') return 'https://creativecommons.org/publicdomain/zero/1.0/';
  return `https://creativecommons.org/licenses/${license.slice(3)}/4.0/`;
}
