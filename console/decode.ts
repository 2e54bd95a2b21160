/** How the message browser shows bytes that arrive as base64. */

export type Decoding = 'utf8' | 'json' | 'hex';

export const DECODINGS: readonly Decoding[] = ['utf8', 'json', 'hex'];

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const utf8 = new TextDecoder('utf-8');

/** The text to show; null bytes show as "null", undecodable JSON says so and shows the text. */
export function decode(base64: string | null, as: Decoding): string {
  if (base64 === null) return 'null';
  const bytes = bytesOf(base64);
  if (as === 'hex') return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = utf8.decode(bytes);
  if (as === 'utf8') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return `(not JSON) ${text}`;
  }
}
