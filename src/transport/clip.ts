/**
 * Shortens text a peer sent before it goes into a log line or back in a refusal: a hello may carry
 * megabytes in its cluster id, and echoed whole into a status it would break the answer itself.
 */
export const CLIPPED_CHARS_MAX = 64;

export function clipped(text: string, max = CLIPPED_CHARS_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A hello as safe to log: its strings clipped. */
export function clippedHello<T extends { readonly clusterId: string; readonly incarnation: string }>(hello: T): T {
  return { ...hello, clusterId: clipped(hello.clusterId), incarnation: clipped(hello.incarnation) };
}
