import { randomUUID } from 'node:crypto';

/** RFC 4648 base32 letters and digits, as in AWS access key ids. */
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Base64 characters, as in secret access keys and session tokens. */
export const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** URL-safe base64 characters, for OAuth codes and tokens. */
export const URL_SAFE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Random characters from `alphabet` (its length must divide 256 evenly), drawn from randomUUID's buffered entropy. */
export function randomChars(alphabet: string, length: number): string {
  let out = '';
  while (out.length < length) {
    const hex = randomUUID().replace(/-/g, '');
    for (let i = 0; i + 1 < hex.length && out.length < length; i += 2) {
      out += alphabet[parseInt(hex.slice(i, i + 2), 16) % alphabet.length];
    }
  }
  return out;
}
