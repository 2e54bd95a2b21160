/**
 * Sends many keyed messages as fast as the cluster takes them: messages of
 * one key land on one partition, in order. Several sends stay in flight
 * while the producer batches per partition (lingerMs, batchBytesMax) and
 * compresses; its buffer (bufferBytesMax) makes send() wait when the
 * cluster falls behind, so memory stays bounded.
 *
 *   npx tsx examples/keyed-producer.ts [messages]   # default 100000
 */
// In an application (npm install cairn-sdk): import { Cairn, CairnError } from 'cairn-sdk';
import { Cairn, CairnError } from '../src/client/index.js';

const topic = 'orders';
const messagesCount = Number(process.argv[2] ?? 100_000);
const MESSAGES_PER_SEND = 1_000;
const SENDS_IN_FLIGHT_MAX = 8;

await using cairn = new Cairn({ brokers: process.env.CAIRN_BROKERS ?? '127.0.0.1:7070' });
try {
  await cairn.admin().createTopic({ name: topic, partitions: 6 });
} catch (error) {
  if (!(error instanceof CairnError && error.code === 'TOPIC_ALREADY_EXISTS')) throw error;
}

const producer = cairn.producer({ lingerMs: 10, compression: 'lz4' });
const startedMs = performance.now();
// A window of sends in flight. Each failure is caught at once (an unobserved rejection would end the
// process) and the first one is thrown below.
const inFlight: Promise<void>[] = [];
let failure: unknown;
for (let first = 0; first < messagesCount && failure === undefined; first += MESSAGES_PER_SEND) {
  const messages = Array.from({ length: Math.min(MESSAGES_PER_SEND, messagesCount - first) }, (_, i) => {
    const n = first + i;
    return { key: `customer-${n % 1_000}`, value: JSON.stringify({ order: n, total: n % 97 }) };
  });
  inFlight.push(producer.send({ topic, messages }).then(() => undefined, (error: unknown) => void (failure ??= error)));
  if (inFlight.length >= SENDS_IN_FLIGHT_MAX) await inFlight.shift();
}
await Promise.all(inFlight);
if (failure !== undefined) throw failure;

const seconds = (performance.now() - startedMs) / 1_000;
console.log(`${messagesCount} messages acknowledged in ${seconds.toFixed(2)} s (${Math.round(messagesCount / seconds)} msg/s)`);
