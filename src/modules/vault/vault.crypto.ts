import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// Envelope encryption with AES-256-GCM (authenticated): each secret gets a fresh random data key;
// the data key is sealed under the master key. Rotating the master key re-seals data keys only.
// Both layers bind their ciphertext to the access request's id through the additional
// authenticated data, so a row copied onto another request fails to open.
//
// Version 2 adds an erasure key that never enters the database (vault.erasure.ts): the secret is
// sealed under a key derived from both the data key and the erasure key, so once the erasure key
// is deleted no copy of the database (table files, WAL, dumps) opens it, master key or not.

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BOX_VERSION = 'v1';
const ERASABLE_VERSION = 'v2';

/** A master key and its public id (a fingerprint that reveals nothing about the key). */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/** What the database holds for one secret. */
export interface SealedSecret {
  keyId: string;
  wrappedKey: string;
  ciphertext: string;
}

/** Why a sealed secret did not open: the wrong master key, or bytes that were changed or moved. */
export class VaultCryptoError extends Error {
  override name = 'VaultCryptoError';
  constructor(
    readonly reason: 'key_mismatch' | 'tampered' | 'erased',
    message: string,
  ) {
    super(message);
  }
}

/** The id of a master key: the start of an HMAC of a fixed label under it. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('supportdesk vault key id v1').digest('hex').slice(0, 16);
}

export function toMasterKey(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new Error(`a vault key has ${KEY_BYTES} bytes, not ${key.length}`);
  return { id: keyIdOf(key), key };
}

export function generateMasterKey(): MasterKey {
  return toMasterKey(randomBytes(KEY_BYTES));
}

const secretAad = (requestId: string, version = BOX_VERSION) => Buffer.from(`supportdesk/vault/${version}/secret/${requestId}`);
const dataKeyAad = (requestId: string, keyId: string) => Buffer.from(`supportdesk/vault/${BOX_VERSION}/data-key/${requestId}/${keyId}`);

/** "<version>.<iv>.<tag>.<ciphertext>", base64 parts. */
function seal(key: Buffer, plaintext: Buffer, aad: Buffer, version = BOX_VERSION): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [version, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

function open(key: Buffer, box: string, aad: Buffer, version = BOX_VERSION): Buffer {
  const parts = box.split('.');
  if (parts.length !== 4 || parts[0] !== version) throw new VaultCryptoError('tampered', 'The sealed secret is malformed.');
  const iv = Buffer.from(parts[1]!, 'base64');
  const tag = Buffer.from(parts[2]!, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new VaultCryptoError('tampered', 'The sealed secret is malformed.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64')), decipher.final()]);
  } catch {
    throw new VaultCryptoError('tampered', 'The sealed secret failed its integrity check.');
  }
}

/** The key a version 2 secret is sealed under: neither the data key nor the erasure key alone gives it. */
function secretKey(dataKey: Buffer, erasureKey: Buffer, requestId: string): Buffer {
  if (erasureKey.length !== KEY_BYTES) throw new VaultCryptoError('tampered', 'The erasure key is malformed.');
  return Buffer.from(hkdfSync('sha256', dataKey, erasureKey, `supportdesk/vault/${ERASABLE_VERSION}/secret-key/${requestId}`, KEY_BYTES));
}

/** Whether a stored ciphertext needs an erasure key to open. */
export function isErasable(sealed: Pick<SealedSecret, 'ciphertext'>): boolean {
  return sealed.ciphertext.startsWith(`${ERASABLE_VERSION}.`);
}

/**
 * Seals a plaintext for one access request under a fresh data key wrapped by `masterKey`, and
 * (always, for new secrets) an erasure key kept outside the database.
 */
export function sealSecret({
  plaintext,
  requestId,
  masterKey,
  erasureKey,
}: {
  plaintext: Buffer;
  requestId: string;
  masterKey: MasterKey;
  erasureKey?: Buffer;
}): SealedSecret {
  const dataKey = randomBytes(KEY_BYTES);
  const key = erasureKey ? secretKey(dataKey, erasureKey, requestId) : dataKey;
  try {
    return {
      keyId: masterKey.id,
      wrappedKey: seal(masterKey.key, dataKey, dataKeyAad(requestId, masterKey.id)),
      ciphertext: erasureKey ? seal(key, plaintext, secretAad(requestId, ERASABLE_VERSION), ERASABLE_VERSION) : seal(dataKey, plaintext, secretAad(requestId)),
    };
  } finally {
    dataKey.fill(0);
    key.fill(0);
  }
}

function unwrapDataKey({ sealed, requestId, masterKey }: { sealed: SealedSecret; requestId: string; masterKey: MasterKey }): Buffer {
  if (sealed.keyId !== masterKey.id) {
    throw new VaultCryptoError('key_mismatch', `The secret is sealed with master key ${sealed.keyId}, not ${masterKey.id}.`);
  }
  const dataKey = open(masterKey.key, sealed.wrappedKey, dataKeyAad(requestId, sealed.keyId));
  if (dataKey.length !== KEY_BYTES) throw new VaultCryptoError('tampered', 'The sealed data key is malformed.');
  return dataKey;
}

function openWithDataKey({
  sealed,
  requestId,
  dataKey,
  erasureKey,
}: {
  sealed: SealedSecret;
  requestId: string;
  dataKey: Buffer;
  erasureKey?: Buffer;
}): Buffer {
  if (!isErasable(sealed)) return open(dataKey, sealed.ciphertext, secretAad(requestId));
  if (!erasureKey) throw new VaultCryptoError('erased', 'The erasure key of this secret is gone: the secret was destroyed.');
  const key = secretKey(dataKey, erasureKey, requestId);
  try {
    return open(key, sealed.ciphertext, secretAad(requestId, ERASABLE_VERSION), ERASABLE_VERSION);
  } finally {
    key.fill(0);
  }
}

/** Opens a sealed secret; throws VaultCryptoError on a wrong key, a missing erasure key, or any change to the stored bytes. */
export function openSecret({
  sealed,
  requestId,
  masterKey,
  erasureKey,
}: {
  sealed: SealedSecret;
  requestId: string;
  masterKey: MasterKey;
  erasureKey?: Buffer;
}): Buffer {
  const dataKey = unwrapDataKey({ sealed, requestId, masterKey });
  try {
    return openWithDataKey({ sealed, requestId, dataKey, erasureKey });
  } finally {
    dataKey.fill(0);
  }
}

/** Re-seals the data key under another master key; the ciphertext (and any erasure key) stays as it is. */
export function rewrapSecret({
  sealed,
  requestId,
  from,
  to,
  erasureKey,
}: {
  sealed: SealedSecret;
  requestId: string;
  from: MasterKey;
  to: MasterKey;
  erasureKey?: Buffer;
}): SealedSecret {
  const dataKey = unwrapDataKey({ sealed, requestId, masterKey: from });
  try {
    // Proves the pair still belongs together before the old wrapping is thrown away.
    openWithDataKey({ sealed, requestId, dataKey, erasureKey }).fill(0);
    return { keyId: to.id, wrappedKey: seal(to.key, dataKey, dataKeyAad(requestId, to.id)), ciphertext: sealed.ciphertext };
  } finally {
    dataKey.fill(0);
  }
}
