/**
 * The floor of Cairn's acknowledgement path: the same hops on the same
 * transport and disk, with no Cairn code at all. A client batches records
 * as the SDK does at lingerMs 0 (floor-target.ts) and sends each batch as
 * one frame over a grpc-js bidi stream to a leader process, which forwards it to two
 * replica processes over bidi streams and appends it to its own file; each
 * appends what it received, fsyncs, and acknowledges; the leader answers the
 * client once its own write and one replica's (a quorum of 3) are durable.
 *
 * Frames are raw bytes (no protobuf), each file is opened O_DSYNC so a write
 * and its fsync are one trip to libuv's thread pool (as a LevelDB sync write
 * is), and writes are group-committed: what arrives while a write is in
 * flight goes into the next one. Whatever Cairn adds above these figures is
 * its own work: Raft, storage layout, protobuf, validation, bookkeeping.
 *
 * Run as a process: `floor-chain.ts replica DIR` or `floor-chain.ts leader
 * DIR PORT1 PORT2`; it sends its port to the parent over IPC.
 */
import { constants, openSync, write } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as grpc from '@grpc/grpc-js';

const passthrough = { serialize: (b: Buffer) => b, deserialize: (b: Buffer) => b };
const SERVICE: grpc.ServiceDefinition = {
  chat: {
    path: '/floor.Floor/Chat',
    requestStream: true,
    responseStream: true,
    requestSerialize: passthrough.serialize,
    requestDeserialize: passthrough.deserialize,
    responseSerialize: passthrough.serialize,
    responseDeserialize: passthrough.deserialize,
  },
};
const FloorClient = grpc.makeGenericClientConstructor(SERVICE, 'Floor');

type Duplex = grpc.ClientDuplexStream<Buffer, Buffer>;

/** Opens a bidi stream to a floor process. */
export function connect(port: number): { stream: Duplex; close: () => void } {
  const client = new FloorClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const stream = (client as unknown as { chat(): Duplex }).chat();
  return { stream, close: () => client.close() };
}

/**
 * A frame is a u32 count n, n u32 record ids, then the records; an
 * acknowledgement is a frame without records.
 */
export function frameOf(list: readonly number[], records: readonly Buffer[] = []): Buffer {
  const head = Buffer.allocUnsafe(4 + list.length * 4);
  head.writeUInt32LE(list.length, 0);
  list.forEach((id, i) => head.writeUInt32LE(id, 4 + i * 4));
  return Buffer.concat([head, ...records]);
}

export function idsOf(frame: Buffer): number[] {
  const count = frame.readUInt32LE(0);
  return Array.from({ length: count }, (_, i) => frame.readUInt32LE(4 + i * 4));
}

/** Group commit on one O_DSYNC file: `append` resolves once the bytes are durable. */
class DurableFile {
  readonly #fd: number;
  #queue: { bytes: Buffer; done: () => void }[] = [];
  #writing = false;

  constructor(path: string) {
    this.#fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC);
  }

  append(bytes: Buffer, done: () => void): void {
    this.#queue.push({ bytes, done });
    this.#kick();
  }

  #kick(): void {
    if (this.#writing || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#writing = true;
    write(this.#fd, Buffer.concat(batch.map((item) => item.bytes)), (error) => {
      if (error !== null) throw error;
      this.#writing = false;
      for (const item of batch) item.done();
      this.#kick();
    });
  }
}

function serve(handler: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => void): void {
  const server = new grpc.Server();
  server.addService(SERVICE, { chat: handler });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error !== null) throw error;
    process.send?.({ port });
  });
}

/** A replica: appends each frame, and acknowledges the ids of a write once it is durable. */
function replica(dir: string): void {
  const file = new DurableFile(join(dir, 'log'));
  serve((call) => {
    let durable: number[] = [];
    call.on('data', (frame: Buffer) => {
      file.append(frame, () => {
        // One acknowledgement per write, for every frame it carried.
        if (durable.length === 0) {
          queueMicrotask(() => {
            call.write(frameOf(durable));
            durable = [];
          });
        }
        durable.push(...idsOf(frame));
      });
    });
    call.on('error', () => {});
    call.on('end', () => call.end());
  });
}

/** The leader: forwards each frame to both replicas, appends it, and answers once it and one replica hold it. */
function leader(dir: string, replicaPorts: readonly number[]): void {
  const file = new DurableFile(join(dir, 'log'));
  const replicas = replicaPorts.map(connect);
  /** Per id: durable copies so far, and the client stream to answer. */
  const waiting = new Map<number, { copies: number; call: grpc.ServerDuplexStream<Buffer, Buffer> }>();
  const durable = (id: number): void => {
    const entry = waiting.get(id);
    if (entry === undefined || ++entry.copies < 2) return;
    waiting.delete(id);
    entry.call.write(frameOf([id]));
  };
  for (const { stream } of replicas) {
    stream.on('data', (ack: Buffer) => idsOf(ack).forEach(durable));
    stream.on('error', () => {});
  }
  serve((call) => {
    call.on('data', (frame: Buffer) => {
      const ids = idsOf(frame);
      for (const id of ids) waiting.set(id, { copies: 0, call });
      for (const { stream } of replicas) stream.write(frame);
      file.append(frame, () => ids.forEach(durable));
    });
    call.on('error', () => {});
    call.on('end', () => call.end());
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [role, dir, ...ports] = process.argv.slice(2);
  if (role === 'replica') replica(dir!);
  else if (role === 'leader') leader(dir!, ports.map(Number));
  else throw new Error(`unknown role ${role}`);
}
