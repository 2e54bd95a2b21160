/**
 * Sends 'Hello, Cairn!' to the topic `test`, creating it if needed.
 *
 *   npx tsx examples/producer.ts          # CAIRN_BROKERS=host:port,... (default 127.0.0.1:7070)
 */
// In an application (npm install cairn-sdk): import { Cairn, CairnError } from 'cairn-sdk';
import { Cairn, CairnError } from '../src/client/index.js';

await using cairn = new Cairn({ brokers: process.env.CAIRN_BROKERS ?? '127.0.0.1:7070' });

try {
  await cairn.admin().createTopic({ name: 'test' });
} catch (error) {
  if (!(error instanceof CairnError && error.code === 'TOPIC_ALREADY_EXISTS')) throw error;
}

const producer = cairn.producer();
const [report] = await producer.send({ topic: 'test', messages: [{ value: 'Hello, Cairn!' }] });
console.log(`acknowledged: ${report!.topic}-${report!.partition} at offset ${report!.offset}`);
// Leaving the block closes the client: the producer flushes, then the connections close.
