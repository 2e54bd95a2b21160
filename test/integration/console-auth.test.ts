/**
 * The web console's sign-in on a node with authentication and authorization
 * on, in headless Debian Chromium (playwright-core), against a real
 * `cairn serve` process: the form comes first, the node decides who gets in
 * (its own Authenticate) and what each user sees (its ACLs), and a session
 * the node stops accepting brings the form back. With UPDATE_SCREENSHOTS=1
 * the form is saved to docs/console-signin.png, and a refused page to
 * docs/console-forbidden.png.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserServer, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn } from '../../src/client/index.js';
import { printNodeLogsOnFailure } from './support/cluster-fixture.js';
import { ProcessCluster } from './support/process-cluster.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROOT = join(import.meta.dirname, '../..');
const SEEN_MS = 20_000;
const ADMIN_PASSWORD = 'console-admin-pw-31f0';
const ALICE_PASSWORD = 'console-alice-pw-8d2c';
const BOB_PASSWORD = 'console-bob-pw-5a77';
const screenshots = process.env.UPDATE_SCREENSHOTS === '1';

describe('the web console with authentication and authorization on, in headless Chromium', () => {
  let cluster: ProcessCluster;
  let admin: Cairn;
  let secrets: string;
  let server: BrowserServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  printNodeLogsOnFailure(() => cluster);

  const ui = (hash = ''): string => `http://127.0.0.1:${cluster.ports.get(1)!.http}/ui/${hash}`;
  const signIn = async (user: string, password: string): Promise<void> => {
    const form = page.getByTestId('sign-in');
    await form.locator('input[name=user]').fill(user);
    await form.locator('input[name=password]').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
  };
  const storage = (): Promise<{ session: number; local: number }> => page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length }));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) await promisify(execFile)(join(ROOT, 'scripts/install-chromium.sh'), { timeout: 280_000 });
    await promisify(execFile)('npm', ['run', 'build:console'], { cwd: ROOT });
    secrets = await mkdtemp(join(tmpdir(), 'cairn-console-auth-'));
    const passwordFile = join(secrets, 'admin-password');
    await writeFile(passwordFile, ADMIN_PASSWORD);
    // The client port is plaintext here, so the node takes passwords on it only with auth.plaintextPasswords; the console takes them from loopback.
    cluster = await ProcessCluster.start({
      nodes: 1,
      flags: ['--auth-enabled', 'true', '--auth-authorization', 'true', '--auth-bootstrap-user', 'admin', '--auth-bootstrap-password-file', passwordFile, '--auth-plaintext-passwords', 'true'],
    });
    await cluster.waitReady();
    admin = new Cairn({ brokers: cluster.brokers(), credentials: { user: 'admin', password: ADMIN_PASSWORD }, requestTimeoutMs: 5_000, retry: { retriesMax: 20 } });
    const security = admin.admin().security();
    await security.createUser('alice', ALICE_PASSWORD);
    await security.createUser('bob', BOB_PASSWORD);
    // alice may see the cluster and the topic orders, not the topic payroll; bob is granted nothing.
    await security.createAcls([
      { principal: 'User:alice', resourceType: 'cluster', resourceName: 'cluster', operation: 'describe' },
      { principal: 'User:alice', resourceType: 'topic', resourceName: 'orders', operation: 'read' },
    ]);
    await admin.admin().createTopic({ name: 'orders', partitions: 2, replicationFactor: 1 });
    await admin.admin().createTopic({ name: 'payroll', partitions: 1, replicationFactor: 1 });
    server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    browser = await chromium.connect(server.wsEndpoint());
    page = await browser.newPage({ viewport: { width: 1280, height: 640 } });
    page.setDefaultTimeout(SEEN_MS);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    const pid = server?.process().pid;
    await server?.close();
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await admin?.close();
    await cluster?.stop();
    if (secrets !== undefined) await rm(secrets, { recursive: true, force: true });
  });

  it('shows the sign-in form before anything else, and a wrong password is refused with the node\'s message', async () => {
    await page.goto(ui('#/topics'));
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('topics').count()).toBe(0);
    if (screenshots) await page.screenshot({ path: join(ROOT, 'docs', 'console-signin.png') });

    await signIn('alice', 'not-her-password');
    await expect.poll(async () => page.getByTestId('sign-in-error').textContent(), { timeout: SEEN_MS }).toContain('wrong user name or password');
    expect(await page.locator('input[name=password]').inputValue()).toBe('');
    expect(await storage()).toEqual({ session: 0, local: 0 });
  });

  it('a right password shows the topics the user may describe, the token kept in sessionStorage only; sign-out returns to the form', async () => {
    await signIn('alice', ALICE_PASSWORD);
    await expect.poll(async () => page.getByTestId('signed-in-user').textContent(), { timeout: SEEN_MS }).toBe('alice');
    await page.getByTestId('topics').getByRole('link', { name: 'orders' }).waitFor();
    // payroll exists, but alice may not describe it: the listing leaves it out.
    expect(await page.getByTestId('topics').getByRole('link', { name: 'payroll' }).count()).toBe(0);
    expect(await storage()).toEqual({ session: 1, local: 0 });

    // A reload in the same tab keeps the session.
    await page.reload();
    await page.getByTestId('topics').getByRole('link', { name: 'orders' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await storage()).toEqual({ session: 0, local: 0 });
  });

  it('returns to the sign-in form when the session\'s time is up, without waiting for the node to refuse it', async () => {
    await page.goto(ui('#/topics'));
    await signIn('alice', ALICE_PASSWORD);
    await page.getByTestId('signed-in-user').waitFor();
    // The tab's stored session, made to expire in a second (the node's tokens live 10 minutes here); a reload reads it back.
    await page.evaluate(() => {
      const key = Object.keys(sessionStorage)[0]!;
      const session = JSON.parse(sessionStorage.getItem(key)!) as { expiresAtMs: number };
      sessionStorage.setItem(key, JSON.stringify({ ...session, expiresAtMs: Date.now() + 1_000 }));
    });
    await page.reload();
    await expect.poll(async () => page.getByTestId('session-ended').textContent(), { timeout: SEEN_MS }).toContain('expired');
    expect(await storage()).toEqual({ session: 0, local: 0 });
  });

  it('a user without describe rights sees a forbidden message naming what was refused', async () => {
    await page.goto(ui('#/'));
    await signIn('bob', BOB_PASSWORD);
    await expect.poll(async () => page.getByTestId('forbidden').textContent(), { timeout: SEEN_MS }).toContain("User:bob may not describe cluster 'cluster'");
    await page.goto(ui('#/topics/orders'));
    await expect.poll(async () => page.getByTestId('forbidden').textContent(), { timeout: SEEN_MS }).toContain("User:bob may not describe topic 'orders'");
    if (screenshots) await page.screenshot({ path: join(ROOT, 'docs', 'console-forbidden.png') });
    // Signed in still: refusals by the ACLs do not end the session.
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('bob');
  });

  it('returns to the sign-in form, saying why, once the node stops accepting the session (the user got a new password)', async () => {
    await page.goto(ui('#/topics'));
    await page.getByTestId('signed-in-user').waitFor();
    await admin.admin().security().createUser('bob', `${BOB_PASSWORD}-renewed`);
    // The topics page polls every 2 s: its next request carries the token the node now refuses.
    await expect.poll(async () => page.getByTestId('session-ended').textContent(), { timeout: SEEN_MS }).toContain('sign in again');
    await page.getByTestId('sign-in').waitFor();
    expect(await storage()).toEqual({ session: 0, local: 0 });
  });

  it('the API refuses requests without a token or with a forged one as 401, and answers a valid token as its user', async () => {
    const base = ui().replace(/\/ui\/$/, '');
    expect(await (await fetch(`${base}/ui/api/session`)).json()).toEqual({ authentication: true });
    const anonymous = await fetch(`${base}/ui/api/topics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = await fetch(`${base}/ui/api/topics`, { headers: { authorization: 'Bearer eyJmb3JnZWQiOnRydWV9.c2lnbmF0dXJl' } });
    expect(forged.status).toBe(401);
    const malformed = await fetch(`${base}/ui/api/topics`, { headers: { authorization: 'Basic YWxpY2U6cHc=' } });
    expect(malformed.status).toBe(401);
    const notJson = await fetch(`${base}/ui/api/session`, { method: 'POST', body: `user=alice&password=${ALICE_PASSWORD}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(400);

    const signedIn = await fetch(`${base}/ui/api/session`, { method: 'POST', body: JSON.stringify({ user: 'alice', password: ALICE_PASSWORD }), headers: { 'content-type': 'application/json' } });
    expect(signedIn.status).toBe(200);
    const { token, user, expiresAtMs } = (await signedIn.json()) as { token: string; user: string; expiresAtMs: number };
    expect(user).toBe('alice');
    expect(expiresAtMs).toBeGreaterThan(Date.now());
    const topics = await fetch(`${base}/ui/api/topics`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await topics.json()) as { name: string }[]).map((t) => t.name)).toEqual(['orders']);
    const payroll = await fetch(`${base}/ui/api/topics/payroll`, { headers: { authorization: `Bearer ${token}` } });
    expect(payroll.status).toBe(403);
    expect(await payroll.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await fetch(`${base}/ui/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
  });
});
