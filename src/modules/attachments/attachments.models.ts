// What an attachment may be, decided from its bytes rather than the name or type a client claims.
// Pure: no I/O, no clock.

export const MAX_FILE_NAME_LENGTH = 200;

/** The binary types we accept, each recognised by its magic bytes. */
const BINARY_SIGNATURES: { type: string; matches: (head: Uint8Array) => boolean }[] = [
  { type: 'image/png', matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')) },
  { type: 'image/webp', matches: (h) => startsWith(h, ascii('RIFF')) && startsWith(h.subarray(8), ascii('WEBP')) },
  { type: 'application/pdf', matches: (h) => startsWith(h, ascii('%PDF-')) },
  // A local file header, an empty archive, or a spanned archive.
  {
    type: 'application/zip',
    matches: (h) =>
      [
        [3, 4],
        [5, 6],
        [7, 8],
      ].some(([a, b]) => startsWith(h, [0x50, 0x4b, a!, b!])),
  },
];

/** Text files are accepted by extension (or a plain-text claim without one), if their bytes are UTF-8 text. */
const TEXT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
};

/**
 * Names refused whatever their bytes: a polyglot (a valid PNG that is also HTML) saved as
 * `x.html` would run as a page once opened from the disk.
 */
const DANGEROUS_EXTENSIONS = new Set([
  'htm',
  'html',
  'xhtml',
  'shtml',
  'mht',
  'svg',
  'svgz',
  'js',
  'mjs',
  'hta',
  'exe',
  'com',
  'scr',
  'bat',
  'cmd',
  'msi',
  'ps1',
  'vbs',
  'jar',
  'sh',
  'php',
]);

/** Enough bytes to recognise every signature and to look for markup at the start of a text. */
export const SNIFF_BYTES = 4096;

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}

function startsWith(data: Uint8Array, prefix: number[]): boolean {
  return data.length >= prefix.length && prefix.every((b, i) => data[i] === b);
}

/** The binary type the first bytes reveal, or null. */
export function sniffBinaryType(head: Uint8Array): string | null {
  return BINARY_SIGNATURES.find((s) => s.matches(head))?.type ?? null;
}

/** The lower-case extension of a file name, without the dot ('' when there is none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

// The WHATWG MIME sniffing patterns for HTML (a browser that ignored our headers would render
// these as a page), plus SVG, which runs script too.
const MARKUP_AT_START = /^(?:<!doctype html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--|<svg)[\s>/]/;
const MARKUP_NEAR_START = /<(?:!doctype html|html|script|iframe|body|svg)[\s>/]/;
const MARKUP_NAMESPACES = /http:\/\/www\.w3\.org\/(?:1999\/xhtml|2000\/svg)/;

/** Whether the start of a text is HTML or SVG (or XML carrying either), which could run script. */
export function looksLikeMarkup(text: string): boolean {
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return MARKUP_AT_START.test(start) || MARKUP_NEAR_START.test(start.slice(0, 1024)) || MARKUP_NAMESPACES.test(start);
}

export type Verdict = { isAllowed: true; contentType: string } | { isAllowed: false; reason: 'type_not_allowed' | 'empty' };

/**
 * Follows an upload chunk by chunk and decides what it is: one of the binary types by its magic
 * bytes, or text (valid UTF-8 without NUL bytes, not markup) under a text extension. `early()`
 * refuses as soon as the answer is certain, so a refused upload need not be read to its end.
 */
export function createContentInspector({ fileName, claimedType }: { fileName: string; claimedType?: string }) {
  const extension = extensionOf(fileName);
  const textType = TEXT_TYPES[extension] ?? (extension === '' && claimedType?.split(';')[0]?.trim().toLowerCase() === 'text/plain' ? 'text/plain' : undefined);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const head = new Uint8Array(SNIFF_BYTES);
  let headLength = 0;
  let size = 0;
  let isText = true;

  function binaryType(): string | null {
    return sniffBinaryType(head.subarray(0, headLength));
  }

  function early(): Verdict | null {
    if (DANGEROUS_EXTENSIONS.has(extension)) return { isAllowed: false, reason: 'type_not_allowed' };
    if (headLength < 16 && size === headLength) return null; // too little seen to tell
    if (binaryType()) return null;
    if (!textType || !isText) return { isAllowed: false, reason: 'type_not_allowed' };
    return null;
  }

  return {
    get size(): number {
      return size;
    },
    update(chunk: Uint8Array): void {
      size += chunk.length;
      if (headLength < SNIFF_BYTES) {
        const take = chunk.subarray(0, SNIFF_BYTES - headLength);
        head.set(take, headLength);
        headLength += take.length;
      }
      if (!isText) return;
      if (chunk.includes(0)) isText = false;
      else {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          isText = false;
        }
      }
    },
    /** A refusal known before the end (a disallowed name, or bytes that are neither allowed binary nor text). */
    early,
    /** The final answer, once every byte has been seen. */
    verdict(): Verdict {
      if (size === 0) return { isAllowed: false, reason: 'empty' };
      const refused = early();
      if (refused) return refused;
      const binary = binaryType();
      if (binary) return { isAllowed: true, contentType: binary };
      try {
        decoder.decode(); // a multi-byte sequence cut off at the end is not text
      } catch {
        return { isAllowed: false, reason: 'type_not_allowed' };
      }
      if (!textType || !isText) return { isAllowed: false, reason: 'type_not_allowed' };
      if (looksLikeMarkup(new TextDecoder('utf-8').decode(head.subarray(0, headLength)))) return { isAllowed: false, reason: 'type_not_allowed' };
      return { isAllowed: true, contentType: textType };
    },
  };
}

/**
 * A file name safe to store and send back: no path, no control or direction-changing characters
 * (which make `exe.txt` read as `txt.exe`), no characters file systems refuse, at most 200
 * characters with the extension kept.
 */
export function sanitizeFileName(raw: string): string {
  let name = raw.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  name = name.replace(/[<>:"|?*]/g, '_');
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (name === '') return 'attachment';
  const chars = Array.from(name);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = extensionOf(name);
  const suffix = extension && extension.length <= 20 ? `.${extension}` : '';
  return (
    chars
      .slice(0, MAX_FILE_NAME_LENGTH - Array.from(suffix).length)
      .join('')
      .trimEnd() + suffix
  );
}

/**
 * `Content-Disposition` for a download (RFC 6266 with RFC 5987's `filename*`), so every browser
 * saves the file, Cyrillic names intact, and none shows it inline.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The `Content-Type` a stored type is served with: text says its charset. */
export function servedContentType(contentType: string): string {
  return contentType.startsWith('text/') || contentType === 'application/json' || contentType === 'application/xml'
    ? `${contentType}; charset=utf-8`
    : contentType;
}
