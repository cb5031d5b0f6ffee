import { describe, expect, it } from 'vitest';
import { generateMasterKey, keyIdOf, openSecret, rewrapSecret, sealSecret, VaultCryptoError, type SealedSecret } from './vault.crypto.js';

const REQUEST = '0190a000-0000-7000-8000-000000000001';
const OTHER_REQUEST = '0190a000-0000-7000-8000-000000000002';
const plaintext = () => Buffer.from(JSON.stringify({ host: 'ftp.example.test', username: 'admin', password: 'Tr0ub4dor&3' }));

function flipByte(box: string, part: number): string {
  const parts = box.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64');
  return parts.join('.');
}

function expectFailure(run: () => unknown, reason: VaultCryptoError['reason']): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultCryptoError);
    expect((error as VaultCryptoError).reason).toBe(reason);
    return;
  }
  throw new Error(`expected a ${reason} failure`);
}

describe('the vault envelope (AES-256-GCM, a data key per secret)', () => {
  it('a sealed secret opens again with the same master key and request', () => {
    const key = generateMasterKey();
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key });
    expect(sealed.keyId).toBe(key.id);
    expect(sealed.ciphertext).not.toContain('Tr0ub4dor');
    expect(openSecret({ sealed, requestId: REQUEST, masterKey: key }).toString()).toBe(plaintext().toString());
  });

  it('sealing the same plaintext twice gives different ciphertexts and data keys', () => {
    const key = generateMasterKey();
    const a = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key });
    const b = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key });
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
  });

  it.each([
    ['the ciphertext body', 'ciphertext', 3],
    ['the ciphertext tag', 'ciphertext', 2],
    ['the ciphertext nonce', 'ciphertext', 1],
    ['the wrapped data key', 'wrappedKey', 3],
  ] as const)('a change to %s is detected', (_name, field, part) => {
    const key = generateMasterKey();
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key });
    const tampered: SealedSecret = { ...sealed, [field]: flipByte(sealed[field], part) };
    expectFailure(() => openSecret({ sealed: tampered, requestId: REQUEST, masterKey: key }), 'tampered');
  });

  it('a truncated or garbled box is detected', () => {
    const key = generateMasterKey();
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key });
    expectFailure(() => openSecret({ sealed: { ...sealed, ciphertext: 'v1.abc' }, requestId: REQUEST, masterKey: key }), 'tampered');
    expectFailure(() => openSecret({ sealed: { ...sealed, wrappedKey: `v2${sealed.wrappedKey.slice(2)}` }, requestId: REQUEST, masterKey: key }), 'tampered');
  });

  it('another master key is reported as a key mismatch, not as damage', () => {
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: generateMasterKey() });
    expectFailure(() => openSecret({ sealed, requestId: REQUEST, masterKey: generateMasterKey() }), 'key_mismatch');
  });

  it('a key id forged onto another key still fails the integrity check', () => {
    const right = generateMasterKey();
    const wrong = { ...generateMasterKey(), id: right.id };
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: right });
    expectFailure(() => openSecret({ sealed, requestId: REQUEST, masterKey: wrong }), 'tampered');
  });

  it('a sealed secret moved onto another request does not open (the request id is authenticated)', () => {
    const key = generateMasterKey();
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key });
    expectFailure(() => openSecret({ sealed, requestId: OTHER_REQUEST, masterKey: key }), 'tampered');
    // Swapping only the ciphertext between two requests is caught as well.
    const other = sealSecret({ plaintext: Buffer.from('other'), requestId: OTHER_REQUEST, masterKey: key });
    expectFailure(() => openSecret({ sealed: { ...sealed, ciphertext: other.ciphertext }, requestId: REQUEST, masterKey: key }), 'tampered');
  });

  it('re-wrapping moves the data key to a new master key; the old key no longer opens it', () => {
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: oldKey });
    const rewrapped = rewrapSecret({ sealed, requestId: REQUEST, from: oldKey, to: newKey });
    expect(rewrapped.keyId).toBe(newKey.id);
    expect(rewrapped.ciphertext).toBe(sealed.ciphertext);
    expect(openSecret({ sealed: rewrapped, requestId: REQUEST, masterKey: newKey }).toString()).toBe(plaintext().toString());
    expectFailure(() => openSecret({ sealed: rewrapped, requestId: REQUEST, masterKey: oldKey }), 'key_mismatch');
  });

  it('the key id is a stable fingerprint that does not contain the key', () => {
    const key = generateMasterKey();
    expect(keyIdOf(key.key)).toBe(key.id);
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(key.key.toString('hex')).not.toContain(key.id);
  });
});

describe('erasure keys (version 2): a secret needs a key that never enters the database', () => {
  const erasureKey = () => Buffer.alloc(32, 7);

  it('opens with the master key and its erasure key, and not without the erasure key, even with the master key', () => {
    const key = generateMasterKey();
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key, erasureKey: erasureKey() });
    expect(sealed.ciphertext.startsWith('v2.')).toBe(true);
    expect(openSecret({ sealed, requestId: REQUEST, masterKey: key, erasureKey: erasureKey() }).toString()).toBe(plaintext().toString());
    expectFailure(() => openSecret({ sealed, requestId: REQUEST, masterKey: key }), 'erased');
    expectFailure(() => openSecret({ sealed, requestId: REQUEST, masterKey: key, erasureKey: Buffer.alloc(32, 8) }), 'tampered');
  });

  it('a version 2 ciphertext cannot be passed off as version 1 to skip the erasure key', () => {
    const key = generateMasterKey();
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: key, erasureKey: erasureKey() });
    expectFailure(() => openSecret({ sealed: { ...sealed, ciphertext: `v1${sealed.ciphertext.slice(2)}` }, requestId: REQUEST, masterKey: key }), 'tampered');
  });

  it('rotation re-wraps the data key and keeps needing the same erasure key', () => {
    const [oldKey, newKey] = [generateMasterKey(), generateMasterKey()];
    const sealed = sealSecret({ plaintext: plaintext(), requestId: REQUEST, masterKey: oldKey, erasureKey: erasureKey() });
    expectFailure(() => rewrapSecret({ sealed, requestId: REQUEST, from: oldKey, to: newKey }), 'erased');
    const rewrapped = rewrapSecret({ sealed, requestId: REQUEST, from: oldKey, to: newKey, erasureKey: erasureKey() });
    expect(openSecret({ sealed: rewrapped, requestId: REQUEST, masterKey: newKey, erasureKey: erasureKey() }).toString()).toBe(plaintext().toString());
    expectFailure(() => openSecret({ sealed: rewrapped, requestId: REQUEST, masterKey: newKey }), 'erased');
  });
});
