/**
 * Reads the topic `test` as a member of the consumer group `test`: start it
 * twice and the two share the partitions; stop one (Ctrl-C) and the other
 * takes them over; start it again and it resumes where the group left off.
 *
 *   npx tsx examples/consumer.ts          # CAIRN_BROKERS=host:port,... (default 127.0.0.1:7070)
 */
// In an application (npm install cairn-sdk): import { Cairn } from 'cairn-sdk';
import { Cairn } from '../src/client/index.js';

await using cairn = new Cairn({ brokers: process.env.CAIRN_BROKERS ?? '127.0.0.1:7070' });
const consumer = cairn.consumer({
  groupId: 'test',
  autoOffsetReset: 'earliest', // where a group with nothing committed starts
  onAssigned: (partitions) => console.error(`assigned ${partitions.map((p) => `${p.topic}-${p.partition}`).join(' ')}`),
  onRevoked: (partitions) => console.error(`revoked ${partitions.map((p) => `${p.topic}-${p.partition}`).join(' ')}`),
});
consumer.subscribe(['test']);
process.once('SIGINT', () => void consumer.close()); // commits, leaves the group, and ends the loop below

for await (const message of consumer) {
  console.log(`${message.topic}-${message.partition}@${message.offset}: ${message.value?.toString()}`);
}
