import { base64url } from 'jose';

/**
 * Random text from the Web Crypto API, which Node and browsers share, so the sandbox's core
 * runs in both (node:crypto is Node only).
 */
export function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

export function randomBase64url(byteCount: number): string {
  return base64url.encode(randomBytes(byteCount));
}

export function randomHex(byteCount: number): string {
  return Array.from(randomBytes(byteCount), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
