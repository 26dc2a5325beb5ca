/** A comma separated field's entries (tags, genres): trimmed, empty ones dropped, each once. */
export const parseCommaList = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  ),
];
