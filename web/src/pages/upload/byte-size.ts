const UNITS = ['B', 'kB', 'MB', 'GB'] as const;

/** A byte count for people: 1 decimal from kB up (decimal units, as file managers and speed tests show). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}
