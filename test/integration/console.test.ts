/**
 * The web console in a real browser: headless Debian Chromium, driven by
 * playwright-core, against a 3-node cluster of `cairn serve` processes. Each
 * page is read from a different node, as any node serves the whole console.
 * With UPDATE_SCREENSHOTS=1 the pages are saved to docs/console-*.png.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserServer, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCluster } from './support/cluster-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
/** No GPU, no sandbox (root in CI), and no calls home: this machine's network is closed. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ROOT = join(import.meta.dirname, '../..');
const TOPIC = 'orders';
const GROUP = 'billing';
/** How long a page may take to show what the cluster holds: pages poll every 1-2 s, and the machine is busy. */
const SEEN_MS = 20_000;
const screenshots = process.env.UPDATE_SCREENSHOTS === '1';

describe('the web console in headless Chromium on a 3-node cluster', () => {
  const env = useCluster({ nodes: 3 });
  let server: BrowserServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const ui = (node: number, hash = ''): string => `http://127.0.0.1:${env.cluster.ports.get(node)!.http}/ui/${hash}`;
  const snap = async (name: string): Promise<void> => {
    if (screenshots) await page.screenshot({ path: join(ROOT, 'docs', `console-${name}.png`), fullPage: true });
  };
  const produce = async (messages: Parameters<ReturnType<typeof env.cairn.producer>['send']>[0]['messages']): Promise<void> => {
    const producer = env.cairn.producer();
    try {
      await producer.send({ topic: TOPIC, messages });
    } finally {
      await producer.close();
    }
  };

  beforeAll(async () => {
    // On a fresh machine `npm test` installs Debian's chromium, as .ci/run does (a no-op when it is there).
    if (!existsSync(CHROMIUM)) await promisify(execFile)(join(ROOT, 'scripts/install-chromium.sh'), { timeout: 280_000 });
    // The nodes serve the bundle from dist/console-ui: build it from the sources under test (about a second).
    await promisify(execFile)('npm', ['run', 'build:console'], { cwd: ROOT });
    await env.cairn.admin().createTopic({ name: TOPIC, partitions: 3, replicationFactor: 3, configs: { 'retention.ms': '86400000' } });
    server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    browser = await chromium.connect(server.wsEndpoint());
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(SEEN_MS);
  }, 400_000); // most of it for a first-time chromium install; a start alone takes seconds

  afterAll(async () => {
    await browser?.close();
    const pid = server?.process().pid;
    await server?.close();
    // close() ends the browser; a process left behind (a hung close) is ended by its PID.
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('shows the three nodes with the controller, and its record count and throughput follow records as they are produced', async () => {
    await page.goto(ui(1));
    const nodes = page.getByTestId('nodes').locator('tbody tr');
    await expect.poll(() => nodes.count(), { timeout: SEEN_MS }).toBe(3);
    await page.getByTestId('nodes').getByText('controller').waitFor();
    await expect.poll(() => page.getByTestId('nodes').getByText('live', { exact: true }).count(), { timeout: SEEN_MS }).toBe(3);
    await page.getByText('ready', { exact: true }).waitFor();

    const before = BigInt((await page.getByTestId('records-total').textContent())!.replaceAll(',', ''));
    await produce(Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    await expect
      .poll(async () => BigInt((await page.getByTestId('records-total').textContent())!.replaceAll(',', '')), { timeout: SEEN_MS })
      .toBe(before + 300n);
    // The rate is records per second between two polls: it rose above zero when the 300 landed.
    await page.locator('figcaption', { hasText: /peak [1-9]/ }).waitFor();
    await snap('overview');
  });

  it("shows each topic's size on disk in the list and on its page, and the size grows as records are produced", async () => {
    const sized = 'sized';
    await env.cairn.admin().createTopic({ name: sized, partitions: 2, replicationFactor: 3 });
    const listed = page.getByTestId('topics').locator('tr', { has: page.getByRole('link', { name: sized, exact: true }) }).getByTestId('topic-size');
    const shown = page.getByTestId('topic-size');
    const bytesOf = async (cell: typeof shown): Promise<number> => Number(await cell.getAttribute('data-bytes'));
    await page.goto(ui(3, '#/topics'));
    await expect.poll(async () => (await listed.textContent())?.trim(), { timeout: SEEN_MS }).toBe('0 B');

    const value = 'x'.repeat(1024);
    const producer = env.cairn.producer();
    try {
      await producer.send({ topic: sized, messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value })) });
    } finally {
      await producer.close();
    }
    // The leaders report their logs' bytes once a round; the list polls every 2 s.
    await expect.poll(() => bytesOf(listed), { timeout: SEEN_MS }).toBeGreaterThan(100 * value.length);
    expect((await listed.textContent())?.trim()).toMatch(/^\d+(\.\d+)? KiB$/);

    await page.getByTestId('topics').getByRole('link', { name: sized, exact: true }).click();
    await expect.poll(() => bytesOf(shown), { timeout: SEEN_MS }).toBeGreaterThan(100 * value.length);
    const before = await bytesOf(shown);
    const producer2 = env.cairn.producer();
    try {
      await producer2.send({ topic: sized, messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value })) });
    } finally {
      await producer2.close();
    }
    await expect.poll(() => bytesOf(shown), { timeout: SEEN_MS }).toBeGreaterThanOrEqual(before + 100 * value.length);
  });

  it('lists the topic with its partitions, leaders, in-sync replicas, record counts and configs', async () => {
    await page.goto(ui(2, '#/topics'));
    await page.getByTestId('topics').getByRole('link', { name: TOPIC }).click();
    const rows = page.getByTestId('partitions').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: SEEN_MS }).toBe(3);
    for (let partition = 0; partition < 3; partition++) {
      const cells = rows.nth(partition).locator('td');
      await expect.poll(async () => (await cells.nth(1).textContent())?.trim(), { timeout: SEEN_MS }).toMatch(/^[123]$/); // a leader
      await expect.poll(async () => (await cells.nth(3).textContent())?.trim(), { timeout: SEEN_MS }).toBe('1, 2, 3'); // in sync
    }
    await expect.poll(async () => page.getByTestId('topic-records').textContent(), { timeout: SEEN_MS }).toBe('300');
    await page.getByTestId('configs').getByText('retention.ms').waitFor();
    await page.getByTestId('configs').getByText('86400000').waitFor();

    // Sizes come from the leaders' reports to the controller, a round or two behind: the 300 records show.
    await expect.poll(async () => Number(await page.getByTestId('topic-size').getAttribute('data-bytes')), { timeout: SEEN_MS }).toBeGreaterThan(300 * 'v0'.length);
    await snap('topic');

    await rows.nth(0).getByRole('link', { name: '0', exact: true }).click();
    const facts = page.getByTestId('partition');
    await facts.getByText('Raft group').waitFor();
    expect(await facts.locator('dd').nth(3).textContent()).toBe('1, 2, 3');
  });

  it('the message browser shows a produced record by offset and by timestamp, as JSON and as hex, with its headers, and pages on', async () => {
    const { offset } = (await env.cairn.admin().listOffsets([{ topic: TOPIC, partition: 1, spec: 'latest' }]))[0]!;
    // A whole second, a minute ahead (within message.timestamp.after.max.ms): the form below takes time to the
    // second, and every record produced before this one has an earlier time, so a lookup by this time can only
    // land on this record's batch. (A time just past, as before, also matched batches the previous test had
    // produced within that second, when the machine was slow.)
    const timestamp = Math.ceil(Date.now() / 1000) * 1000 + 60_000;
    await produce([{ partition: 1, key: 'order-42', value: '{"id":42,"total":"9.50"}', headers: { trace: 'abc-123' }, timestamp }]);

    await page.goto(ui(3, `#/messages?topic=${TOPIC}&partition=1&from=offset&at=${offset}&decode=json`));
    const row = page.getByTestId('message-row').first();
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe(String(offset));
    expect(await row.locator('td').nth(3).textContent()).toBe('{\n  "id": 42,\n  "total": "9.50"\n}');
    expect(await row.locator('td').nth(4).textContent()).toContain('trace');
    await snap('messages');

    // The form: hex, from the record's timestamp (the datetime-local input takes local time, to the second).
    await page.locator('select[name=from]').selectOption('timestamp');
    const local = new Date(timestamp - new Date(timestamp).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    await page.locator('input[name=at]').fill(local);
    await page.locator('select[name=decode]').selectOption('hex');
    await page.getByRole('button', { name: 'Read' }).click();
    const hex = (text: string): string => [...Buffer.from(text)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const hexRow = page.getByTestId('message-row').first();
    await expect.poll(async () => hexRow.locator('td').nth(2).textContent(), { timeout: SEEN_MS }).toBe(hex('order-42'));
    expect(await hexRow.locator('td').first().textContent()).toBe(String(offset));
    expect(await hexRow.locator('td').nth(4).textContent()).toContain(hex('abc-123'));

    // Paging: five records from the start of partition 0, then the next five.
    await page.goto(ui(3, `#/messages?topic=${TOPIC}&partition=0&from=offset&at=0&limit=5`));
    await expect.poll(() => page.getByTestId('message-row').count(), { timeout: SEEN_MS }).toBe(5);
    await page.getByTestId('messages-next').click();
    await expect.poll(async () => page.getByTestId('message-row').first().locator('td').first().textContent(), { timeout: SEEN_MS }).toBe('5');
    expect(await page.getByTestId('message-row').count()).toBe(5);
  });

  it('shows a group with its member and assignment while it consumes, and its lag once its consumer stops and records keep coming', async () => {
    const consumer = env.cairn.consumer({ groupId: GROUP, autoOffsetReset: 'earliest', autoCommit: false });
    try {
      consumer.subscribe([TOPIC]);
      const ends = await env.cairn.admin().listOffsets([0, 1, 2].map((partition) => ({ topic: TOPIC, partition, spec: 'latest' as const })));
      const total = ends.reduce((sum, end) => sum + end.offset, 0n);
      let read = 0n;
      for await (const _message of consumer) if (++read === total) break;
      await consumer.commit();

      await page.goto(ui(1, '#/groups'));
      await page.getByTestId('groups').getByRole('link', { name: GROUP }).click();
      const member = page.getByTestId('members').locator('tbody tr');
      await expect.poll(() => member.count(), { timeout: SEEN_MS }).toBe(1);
      await expect.poll(async () => member.locator('td').nth(4).textContent(), { timeout: SEEN_MS }).toBe(`${TOPIC}/0, ${TOPIC}/1, ${TOPIC}/2`);
      await expect.poll(async () => page.getByTestId('group-lag').textContent(), { timeout: SEEN_MS }).toBe('0');
    } finally {
      await consumer.close();
    }

    await produce(Array.from({ length: 7 }, (_, i) => ({ key: `late-${i}`, value: `late-${i}` })));
    await expect.poll(async () => page.getByTestId('group-lag').textContent(), { timeout: SEEN_MS }).toBe('7');
    await snap('group');
  });

  it('answers a bad query with a typed error, bounds the bytes of one answer, and changes nothing: writes are refused', async () => {
    const base = ui(2).replace(/\/ui\/$/, '');
    const bad = await fetch(`${base}/ui/api/messages?topic=${TOPIC}&partition=1&offset=-1`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    const malformed = await fetch(`${base}/ui/api/topics/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    const missing = await fetch(`${base}/ui/api/topics/no-such-topic`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'UNKNOWN_TOPIC_OR_PARTITION' });
    // One answer carries at most 4 MiB of record bytes: 600 kB values stop at the seventh of ten asked for.
    await env.cairn.admin().createTopic({ name: 'large', partitions: 1, replicationFactor: 3 });
    const value = Buffer.alloc(600_000, 'x').toString();
    const producer = env.cairn.producer();
    try {
      for (let i = 0; i < 10; i++) await producer.send({ topic: 'large', messages: [{ value }] });
    } finally {
      await producer.close();
    }
    // The node answering may not know the new topic's leader yet: it says so with a retriable 503, and a reader asks again.
    let large: Response | undefined;
    await expect
      .poll(async () => (large = await fetch(`${base}/ui/api/messages?topic=large&partition=0&offset=0&limit=10`)).status, { timeout: SEEN_MS })
      .toBe(200);
    const answer = (await large!.json()) as { messages: { offset: string }[] };
    expect(answer.messages.map((m) => m.offset)).toEqual(['0', '1', '2', '3', '4', '5', '6']);

    const write = await fetch(`${base}/ui/api/topics/${TOPIC}`, { method: 'DELETE' });
    expect(write.status).toBe(405);
    expect((await env.cairn.admin().describeTopic(TOPIC)).partitions).toHaveLength(3);
  });
});
