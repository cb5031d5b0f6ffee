import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createCheckedLookup, isPrivateAddress, PrivateAddressError } from './webhooks.address.js';

/** What became of one POST to a receiver. */
export interface PostResult {
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
}

const KEEP_RESPONSE_BYTES = 2048;

/**
 * POSTs a webhook body: no redirects followed (a 3xx is the answer), no private address unless
 * allowed (checked on the address actually connected to), a deadline for the whole exchange.
 */
export async function postWebhook({
  url,
  body,
  headers,
  allowPrivate,
  timeoutMs,
}: {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowPrivate: boolean;
  timeoutMs: number;
}): Promise<PostResult> {
  const started = performance.now();
  const done = (result: Omit<PostResult, 'durationMs'>): PostResult => ({ ...result, durationMs: Math.round(performance.now() - started) });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return done({ statusCode: null, error: 'invalid URL', responseBody: null });
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is connected to without a lookup: check it here.
  if (isIP(host) && !allowPrivate && isPrivateAddress(host))
    return done({ statusCode: null, error: new PrivateAddressError(host).message, responseBody: null });
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(result));
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        lookup: createCheckedLookup({ allowPrivate }) as never,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < KEEP_RESPONSE_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        const answer = () =>
          finish({
            statusCode: response.statusCode ?? null,
            error: null,
            responseBody: Buffer.concat(chunks).subarray(0, KEEP_RESPONSE_BYTES).toString('utf8'),
          });
        response.on('end', answer);
        // A receiver that answered but keeps the body open has still answered.
        response.on('error', answer);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (error) => finish({ statusCode: null, error: error.message, responseBody: null }));
    request.end(body);
  });
}
