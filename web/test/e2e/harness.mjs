// Test harness: builds a demo store with the real binary, adds users,
// starts `mosaic serve` on a free loopback port and opens Debian's chromium
// through playwright-core (no browser download). Everything it starts it
// stops.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const WEB = resolve(new URL('../..', import.meta.url).pathname);
export const REPO = resolve(WEB, '..');
export const BIN = process.env.MOSAIC_BIN || join(REPO, 'bin', 'mosaic');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS = join(REPO, 'docs', 'screenshots');
export const RESULTS = join(WEB, 'test-results');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/**
 * Why the browser tests cannot run here, or null when they can. In CI a
 * missing prerequisite is a failure; on a developer's machine a skip.
 */
export function missingPrerequisite() {
  if (!existsSync(CHROMIUM)) return `Debian's chromium is not installed at ${CHROMIUM} (apt-get install chromium; .ci/run does this)`;
  if (!existsSync(BIN)) return `the mosaic binary is missing at ${BIN} (run make build)`;
  if (!existsSync(join(WEB, 'dist', 'index.html'))) return 'the workbench is not built (run make web)';
  return null;
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function addUser(data, name, auths, role) {
  const { stdout } = await run(BIN, ['users', 'add', name, '--data', data, '--auths', auths, '--role', role]);
  const lines = stdout.trim().split('\n');
  return lines[lines.length - 1].trim();
}

/** Builds the demo world, adds users, starts the server. */
export async function startMosaic({ people = 1500 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-web-'));
  const data = join(dir, 'data');
  const t0 = Date.now();
  await run(BIN, ['demo', '--data', data, '--people', String(people), '--no-serve'], { maxBuffer: 64 << 20, timeout: 300_000 });
  const demoSeconds = (Date.now() - t0) / 1000;
  // The embedded store is single-process: users are added before serving.
  const all = 'POLICE,BORDER,IMMIGRATION,PIU,TELECOM,SECRET,NL';
  const tokens = {
    analyst: await addUser(data, 'ana.lyst', all, 'analyst'),
    supervisor: await addUser(data, 'sam.supervisor', all, 'supervisor'),
    // Sees only the border police's records: for the "not found or not visible" check.
    border: await addUser(data, 'bo.border', 'BORDER', 'analyst'),
  };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(BIN, ['serve', '--data', data, '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (b) => (log += b));
  proc.stderr.on('data', (b) => (log += b));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`mosaic serve exited (${proc.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`mosaic serve did not answer /healthz within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  let exited = null;
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
    // A server that dies mid-run takes every later test with it: say why.
    if (!stopping) console.log(`# mosaic serve exited unexpectedly (code ${code}, signal ${signal}); last output:\n${log.slice(-4000)}`);
  });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, tokens, data, stop, log: () => log, exited: () => exited, demoSeconds };
}

/** A direct API call, for test setup and cross-checks. */
export async function apiGet(base, token, path, purpose = 'e2e test setup') {
  const r = await fetch(base + path, { headers: { Authorization: `Bearer ${token}`, 'X-Mosaic-Purpose': purpose } });
  const body = await r.json().catch(() => null);
  return { status: r.status, body };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'mosaic-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    // The server's CSP stays on: a page that breaks it fails the tests.
  });
  return {
    ctx,
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function ensureDirs() {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
}
