/**
 * Load shapes shared by every system measured; each system supplies only
 * its send. All loops are bounded in time and in data in flight.
 */
import { deadline, LatencyHistogram, sleep } from './stats.js';
import type { LatencySummary } from './stats.js';

/** Open loops: sends unanswered before the loop holds back (the wait counts in the latency). */
export const OPEN_LOOP_IN_FLIGHT = 5_000;

export interface Throughput {
  readonly records: number;
  readonly seconds: number;
}

/**
 * A closed loop: keeps up to `inFlightMax` sends unanswered for `seconds`;
 * each send resolves with the number of records acknowledged.
 */
export async function closedLoop(options: { seconds: number; inFlightMax: number; send: () => Promise<number> }): Promise<Throughput> {
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let records = 0;
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  while (performance.now() < deadline && failure === undefined) {
    const sent: Promise<void> = options.send().then(
      (acked) => {
        records += acked;
        inFlight.delete(sent);
      },
      (error: unknown) => {
        failure ??= error;
        inFlight.delete(sent);
      },
    );
    inFlight.add(sent);
    if (inFlight.size >= options.inFlightMax) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return { records, seconds: (performance.now() - started) / 1000 };
}

export interface OpenLoopResult extends LatencySummary {
  /** Acknowledged sends per second: below the target rate when the system could not keep up. */
  readonly achievedPerSecond: number;
  /** Sends not acknowledged (failed, or still unanswered at the end). */
  readonly errors: number;
  /** The loop fell more than lagLimitMs behind its schedule and stopped early: the rate is beyond the system. */
  readonly saturated: boolean;
}

/**
 * An open loop at a fixed rate: send i is due at start + i/rate, and its
 * latency counts from that due time, so time spent queued behind a slow
 * system (or behind `inFlightMax`) is included rather than hidden.
 */
export async function openLoop(options: {
  ratePerSecond: number;
  seconds: number;
  inFlightMax: number;
  /** Resolves when send i is acknowledged; `dueMs` is on performance.now()'s clock. */
  send: (i: number, dueMs: number) => Promise<unknown>;
  /** Records latencies itself (e.g. at a consumer) instead of at the send's acknowledgement. */
  histogram?: LatencyHistogram;
  /** How long to wait for the last sends, beyond the run. */
  drainMs?: number;
  /** Stop early once a send is issued this late (held back by inFlightMax); default 1 s. */
  lagLimitMs?: number;
  /** Checked before each send: true ends the run early. */
  shouldStop?: () => boolean;
}): Promise<OpenLoopResult> {
  const histogram = options.histogram ?? new LatencyHistogram();
  const recordAcks = options.histogram === undefined;
  const total = Math.round(options.ratePerSecond * options.seconds);
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  let acked = 0;
  let lastAckMs = 0;
  let saturated = false;
  const started = performance.now();
  for (let i = 0; i < total && options.shouldStop?.() !== true; i++) {
    const dueMs = started + (i * 1000) / options.ratePerSecond;
    const waitMs = dueMs - performance.now();
    if (waitMs > 1) await sleep(waitMs);
    while (inFlight.size >= options.inFlightMax) await Promise.race(inFlight);
    if (performance.now() - dueMs > (options.lagLimitMs ?? 1000)) {
      saturated = true;
      break;
    }
    const sent: Promise<void> = options.send(i, dueMs).then(
      () => {
        lastAckMs = performance.now();
        acked++;
        if (recordAcks) histogram.record(lastAckMs - dueMs);
        inFlight.delete(sent);
      },
      () => {
        errors++;
        inFlight.delete(sent);
      },
    );
    inFlight.add(sent);
  }
  await Promise.race([Promise.all(inFlight), deadline(options.drainMs ?? 10_000)]);
  const seconds = (Math.max(lastAckMs, saturated ? 0 : started + options.seconds * 1000) - started) / 1000;
  return { ...histogram.summary(), achievedPerSecond: acked / seconds, errors: errors + inFlight.size, saturated };
}

/**
 * End-to-end latency at a fixed rate: each record carries its due time in
 * its first 8 bytes, and `receive` passes every record consumed to
 * `arrived` (which returns true once all are in) as soon as it arrives.
 */
export async function endToEndLoop(options: {
  ratePerSecond: number;
  seconds: number;
  recordBytes: number;
  send: (value: Buffer) => Promise<unknown>;
  receive: (arrived: (value: Uint8Array) => boolean) => Promise<void>;
}): Promise<OpenLoopResult> {
  const histogram = new LatencyHistogram();
  const total = Math.round(options.ratePerSecond * options.seconds);
  const received = options.receive((value) => {
    histogram.record(performance.now() - new DataView(value.buffer, value.byteOffset, 8).getFloat64(0, true));
    return histogram.count >= total;
  });
  const sent = await openLoop({
    ...options,
    inFlightMax: OPEN_LOOP_IN_FLIGHT,
    histogram,
    send: (_, dueMs) => {
      const value = Buffer.alloc(options.recordBytes, 'e');
      value.writeDoubleLE(dueMs, 0);
      return options.send(value);
    },
  });
  await Promise.race([received, deadline(10_000)]);
  return { ...sent, ...histogram.summary(), errors: sent.errors + (total - histogram.count) };
}

export interface FailoverResult {
  /** From the last acknowledgement before the kill to the first acknowledgement of a send issued after it. */
  readonly windowMs: number;
  /** From the kill signal to that first acknowledgement. */
  readonly killToAckMs: number;
  readonly acked: number;
}

/**
 * Sends at a fixed rate (each send retrying until acknowledged), kills the
 * leader after `killAfterMs`, and goes on until acknowledgements have come
 * back for a second (at most `afterKillMs`). The window runs from the last
 * acknowledgement received before the kill to the first acknowledgement of
 * a send issued after it: only a live leader can have given that one, where
 * answers the old leader sent just before it died may still arrive after
 * the kill, and so may answers held up while this process was descheduled.
 */
export async function failoverWindow(options: {
  ratePerSecond: number;
  killAfterMs: number;
  afterKillMs: number;
  inFlightMax: number;
  send: (i: number) => Promise<unknown>;
  kill: () => Promise<void>;
}): Promise<FailoverResult> {
  const acks: number[] = [];
  let killedAt = Number.POSITIVE_INFINITY;
  /** The first acknowledgement of a send issued after the kill: the partition takes writes again. */
  let resumed = Number.POSITIVE_INFINITY;
  const run = openLoop({
    ratePerSecond: options.ratePerSecond,
    seconds: (options.killAfterMs + options.afterKillMs) / 1000,
    inFlightMax: options.inFlightMax,
    histogram: new LatencyHistogram(),
    drainMs: 20_000,
    // The outage holds sends back: that is what is measured, not saturation.
    lagLimitMs: Number.POSITIVE_INFINITY,
    shouldStop: () => performance.now() > resumed + 1000,
    send: (i) => {
      const issuedAfterKill = performance.now() > killedAt;
      return options.send(i).then(() => {
        const now = performance.now();
        acks.push(now);
        if (issuedAfterKill) resumed = Math.min(resumed, now);
      });
    },
  });
  await sleep(options.killAfterMs);
  killedAt = performance.now();
  await options.kill();
  await run;
  if (!Number.isFinite(resumed)) throw new Error(`no send issued after the kill was acknowledged within ${options.afterKillMs} ms`);
  const lastBefore = acks.reduce((last, at) => (at <= killedAt ? Math.max(last, at) : last), Number.NEGATIVE_INFINITY);
  return { windowMs: resumed - lastBefore, killToAckMs: resumed - killedAt, acked: acks.length };
}
