// Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): in a name,
// subject or file name they make text read differently from what it is ("invoice‮fdp.exe").
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// C0 and C1 control characters (tabs and line breaks included): a label is one line of text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]+/g;

/** Text a person typed for a one-line label (a name, a subject, a file name): no controls, no direction overrides. */
export function cleanLabel(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/** Whether the text carries direction overrides or isolates. */
export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROLS.source).test(text);
}
