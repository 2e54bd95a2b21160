/**
 * Sets of topic partitions, as members own them and the coordinator hands
 * them out. Kept as sorted plain objects so they persist as JSON and compare
 * by value.
 */
export type Assignment = Readonly<Record<string, readonly number[]>>;

export const EMPTY: Assignment = Object.freeze({});

const SEPARATOR = '\u0000';

export const partitionKey = (topic: string, partition: number): string => `${topic}${SEPARATOR}${partition}`;

export function keys(assignment: Assignment): Set<string> {
  const out = new Set<string>();
  for (const [topic, partitions] of Object.entries(assignment)) for (const p of partitions) out.add(partitionKey(topic, p));
  return out;
}

export function fromKeys(keySet: Iterable<string>): Assignment {
  const byTopic: Record<string, number[]> = {};
  for (const key of keySet) {
    const cut = key.lastIndexOf(SEPARATOR);
    (byTopic[key.slice(0, cut)] ??= []).push(Number(key.slice(cut + 1)));
  }
  const sorted: Record<string, number[]> = {};
  for (const topic of Object.keys(byTopic).sort()) sorted[topic] = byTopic[topic]!.sort((a, b) => a - b);
  return sorted;
}

export const size = (assignment: Assignment): number => Object.values(assignment).reduce((n, partitions) => n + partitions.length, 0);

export const union = (a: Assignment, b: Assignment): Assignment => fromKeys(new Set([...keys(a), ...keys(b)]));

export function minus(a: Assignment, b: Assignment): Assignment {
  const drop = keys(b);
  return fromKeys([...keys(a)].filter((key) => !drop.has(key)));
}

export function intersect(a: Assignment, b: Assignment): Assignment {
  const keep = keys(b);
  return fromKeys([...keys(a)].filter((key) => keep.has(key)));
}

export function equal(a: Assignment, b: Assignment): boolean {
  const ka = keys(a);
  const kb = keys(b);
  return ka.size === kb.size && [...ka].every((key) => kb.has(key));
}

/** The wire form, `[{ topic, partitions }]`, and back. */
export function toWire(assignment: Assignment): { topic: string; partitions: number[] }[] {
  return Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions] }));
}

export function fromWire(list: readonly { topic: string; partitions: readonly number[] }[]): Assignment {
  return fromKeys(list.flatMap(({ topic, partitions }) => partitions.map((p) => partitionKey(topic, p))));
}
