/**
 * The floor of Cairn's acknowledgement path: the same hops on the same
 * transport and disk, with no Cairn code at all. A client batches records
 * as the SDK does at lingerMs 0 (floor-target.ts) and sends each batch as
 * one frame over a grpc-js bidi stream to a leader process, which forwards
 * it to two replica processes over bidi streams and writes its own copy;
 * each writes what it received, fsyncs, and acknowledges; the leader answers
 * the frame once two of the three copies are durable, its own or not (Cairn
 * waits for the leader's own, so the floor is the lower bound).
 *
 * Frames are raw bytes (no protobuf), and writes are group-committed: what
 * arrives while a write is in flight goes into the next one. Each process
 * writes either to an append-only file opened O_DSYNC (a write and its fsync
 * in one trip to libuv's thread pool) or to LevelDB with a sync batch, as
 * Cairn does. Whatever Cairn adds above these figures is its own work: Raft,
 * storage layout, protobuf, validation, bookkeeping.
 *
 * Run as a process: `floor-chain.ts replica DIR STORAGE` or `floor-chain.ts
 * leader DIR STORAGE PORT1 PORT2`; it sends its port to the parent over IPC.
 */
import { constants, openSync, write } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { ClassicLevel } from 'classic-level';

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
 * A frame is a u32 count n, n u32 record ids, then the records. A
 * replica's acknowledgement names the frames it made durable by their first
 * ids; the leader's answer to the client names every record of the frame.
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

/** Where a floor process makes what it receives durable. */
export type FloorStorage = 'file' | 'leveldb';

/**
 * Group commit: `append` calls `done` once the bytes are durable; what is
 * appended while a write is in flight goes into the next write.
 */
abstract class DurableLog {
  #queue: { bytes: Buffer; done: () => void }[] = [];
  #writing = false;

  append(bytes: Buffer, done: () => void): void {
    this.#queue.push({ bytes, done });
    this.#kick();
  }

  /** Writes the batch durably, in one trip to libuv's thread pool. */
  protected abstract write(batch: readonly Buffer[]): Promise<void>;

  #kick(): void {
    if (this.#writing || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#writing = true;
    this.write(batch.map((item) => item.bytes)).then(() => {
      this.#writing = false;
      for (const item of batch) item.done();
      this.#kick();
    });
  }
}

/** An append-only file opened O_DSYNC: each write is durable when it returns. */
class DsyncFile extends DurableLog {
  readonly #fd: number;

  constructor(path: string) {
    super();
    this.#fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC);
  }

  protected write(batch: readonly Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => write(this.#fd, Buffer.concat(batch), (error) => (error === null ? resolve() : reject(error))));
  }
}

/** A LevelDB (classic-level) written with one sync batch per write, a key per frame: Cairn's storage engine, without Cairn. */
class LevelLog extends DurableLog {
  readonly #db: ClassicLevel<Uint8Array, Uint8Array>;
  readonly #opened: Promise<void>;
  #seq = 0;

  constructor(path: string) {
    super();
    this.#db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
    this.#opened = this.#db.open();
  }

  protected async write(batch: readonly Buffer[]): Promise<void> {
    await this.#opened;
    const ops = batch.map((value) => {
      const key = Buffer.alloc(8);
      key.writeBigUInt64BE(BigInt(++this.#seq));
      return { type: 'put' as const, key, value };
    });
    await this.#db.batch(ops, { sync: true });
  }
}

function openLog(dir: string, storage: string): DurableLog {
  if (storage === 'file') return new DsyncFile(join(dir, 'log'));
  if (storage === 'leveldb') return new LevelLog(join(dir, 'db'));
  throw new Error(`unknown floor storage ${storage}`);
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
function replica(file: DurableLog): void {
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
        durable.push(frame.readUInt32LE(4));
      });
    });
    call.on('error', () => {});
    call.on('end', () => call.end());
  });
}

/** The leader: forwards each frame to both replicas, appends it, and answers once it and one replica hold it. */
function leader(file: DurableLog, replicaPorts: readonly number[]): void {
  const replicas = replicaPorts.map(connect);
  /** Per frame, by its first record id: its records, durable copies so far, and the client stream to answer. */
  const waiting = new Map<number, { ids: number[]; copies: number; call: grpc.ServerDuplexStream<Buffer, Buffer> }>();
  const durable = (first: number): void => {
    const frame = waiting.get(first);
    if (frame === undefined || ++frame.copies < 2) return;
    waiting.delete(first);
    frame.call.write(frameOf(frame.ids));
  };
  for (const { stream } of replicas) {
    stream.on('data', (ack: Buffer) => idsOf(ack).forEach(durable));
    stream.on('error', () => {});
  }
  serve((call) => {
    call.on('data', (frame: Buffer) => {
      const ids = idsOf(frame);
      waiting.set(ids[0]!, { ids, copies: 0, call });
      for (const { stream } of replicas) stream.write(frame);
      file.append(frame, () => durable(ids[0]!));
    });
    call.on('error', () => {});
    call.on('end', () => call.end());
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [role, dir, storage, ...ports] = process.argv.slice(2);
  const file = openLog(dir!, storage!);
  if (role === 'replica') replica(file);
  else if (role === 'leader') leader(file, ports.map(Number));
  else throw new Error(`unknown role ${role}`);
}
