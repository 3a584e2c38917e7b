import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { DomainError, DomainErrorCode } from '../domain-error';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** v1:<iv>:<tag>:<ciphertext>, each base64url: 12-byte IV (16 characters), 16-byte tag (22 characters). */
const SEALED = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

/** Whether a stored value is sealed by this module (any version), rather than clear text written before secrets were encrypted. */
export function isSealed(stored: string): boolean {
  return SEALED.test(stored);
}

/**
 * Secrets at rest (account SMTP passwords, later DKIM keys and provider tokens): AES-256-GCM under
 * a key derived once from config SECRETS_KEY, stored as a versioned string so the format and the
 * key can change later. Each value is bound to a context (what it is and whose, e.g.
 * `smtp-password:account:7`), so a sealed value copied into another row does not open there.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** HKDF-SHA256 rather than a slow KDF: SECRETS_KEY is a random key of 32+ characters, not a password. */
  static fromSecretsKey(secretsKey: string): SecretBox {
    if (secretsKey.length < 32) throw new Error('SECRETS_KEY must be at least 32 characters');
    const key = Buffer.from(hkdfSync('sha256', secretsKey, 'herald', 'herald secrets at rest v1', 32));
    return new SecretBox(key);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join(':');
  }

  /** The clear value; a DomainError naming SECRETS_KEY when the value does not open under this key. */
  open(sealed: string, context: string): string {
    const match = SEALED.exec(sealed);
    if (!match) {
      const version = sealed.split(':', 1)[0];
      throw new DomainError(
        DomainErrorCode.Unavailable,
        `A stored secret (${context}) is not in a known sealed format${version && version !== sealed ? ` (version "${version.slice(0, 8)}")` : ''}`,
      );
    }
    const [, iv, tag, ciphertext] = match as unknown as [string, string, string, string];
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // GCM's tag check: never garbage, always this error.
      throw new DomainError(
        DomainErrorCode.Unavailable,
        `A stored secret (${context}) could not be decrypted: SECRETS_KEY is not the key it was encrypted with, or the stored value was altered`,
      );
    }
  }

  /** The clear value of a stored value that may still be clear text from before encryption. */
  openStored(stored: string, context: string): string {
    return isSealed(stored) ? this.open(stored, context) : stored;
  }
}
