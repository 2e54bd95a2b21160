/**
 * The node's V8 flags. A broker's own heap is small (about 20 MB), while the
 * record batches it moves live in ArrayBuffers outside it; V8 counts those
 * against limits it sizes from the small heap, so under load it runs a full
 * mark-compact about every 100 ms (40% of a node's busy time in the produce
 * benchmark). A larger initial heap raises those limits: collections become
 * rare, at the price of more garbage held between them.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--initial-heap-size=512'];

/** The flags of SERVER_NODE_FLAGS this process was started without. */
export function missingServerNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return SERVER_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
