/** Every IANA zone this browser knows, plus the ones given (the saved zone must stay selectable). */
export function listTimeZones(extra: string[]): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // Very old browsers: the saved zone alone still lets the form work.
  }
  return [...new Set([...zones, 'UTC', ...extra.filter(Boolean)])].sort((a, b) => a.localeCompare(b));
}

/** "GMT+03:00" for a zone at the given instant; empty when the browser cannot tell. */
export function zoneOffsetLabel(zone: string, at: number): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}
