/**
 * Prints every message of the topic `test`, from its first, as it arrives.
 * Ctrl-C stops it.
 *
 *   npx tsx examples/consumer.ts          # CAIRN_BROKERS=host:port,... (default 127.0.0.1:7070)
 */
// In an application: import { Cairn } from 'cairn';
import { Cairn } from '../src/client/index.js';

await using cairn = new Cairn({ brokers: process.env.CAIRN_BROKERS ?? '127.0.0.1:7070' });
const topic = 'test';

const { partitions } = await cairn.admin().describeTopic(topic);
const consumer = cairn.consumer({ autoOffsetReset: 'earliest' });
consumer.assign(partitions.map(({ partition }) => ({ topic, partition })));
process.once('SIGINT', () => void consumer.close()); // ends the loop below

for await (const message of consumer) {
  console.log(`${message.topic}-${message.partition}@${message.offset}: ${message.value?.toString()}`);
}
