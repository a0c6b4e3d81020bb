// Runs Debian's nginx with the repository's one-origin configuration (deploy/nginx/), rendered
// by deploy/nginx/render.sh exactly as on a practice server, except that it listens on a free
// port of 127.0.0.1 and keeps its pid file, logs and temporary files in a temp folder of its own.
// nginx runs unprivileged: as the user running the tests, or as `nobody` when that is root.
// It is stopped by its pid. scripts/ensure-nginx.sh installs nginx when it is missing.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SelfSignedCertificate } from '../spine/selfSignedCertificate';

export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RENDER = join(REPO, 'deploy/nginx/render.sh');
/** Who nginx runs as when the tests run as root. */
const NOBODY = { uid: 65534, gid: 65534 };
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface NginxOptions {
  /** The built app (dist/). */
  readonly appRoot: string;
  /** The national API stand-in: host and port of an HTTPS server. */
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  /** PEM certificates that verify the upstream (its throwaway certificate). */
  readonly upstreamCa: string;
  /** This server's certificate for the browser (127.0.0.1). */
  readonly tls: SelfSignedCertificate;
}

export interface RunningNginx {
  /** https://127.0.0.1:PORT, the app's origin. */
  readonly origin: string;
  readonly pid: number;
  /** The access and error logs so far. */
  logs(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

function chownTree(path: string): void {
  chownSync(path, NOBODY.uid, NOBODY.gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry));
}

/** Whether `nobody` can read the app where it is (a checkout under /root, for one, it cannot). */
function nobodyCanRead(file: string): boolean {
  try {
    execFileSync('setpriv', ['--reuid', String(NOBODY.uid), '--regid', String(NOBODY.gid), '--clear-groups', 'test', '-r', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  if (!existsSync(NGINX_PATH)) throw new Error(`nginx is not installed at ${NGINX_PATH}: run scripts/ensure-nginx.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'scr-nginx-'));
  const asRoot = process.getuid?.() === 0;
  let appRoot = options.appRoot;
  if (asRoot && !nobodyCanRead(join(appRoot, 'index.html'))) {
    appRoot = join(dir, 'app');
    cpSync(options.appRoot, appRoot, { recursive: true });
  }
  writeFileSync(join(dir, 'server.pem'), options.tls.cert);
  writeFileSync(join(dir, 'server.key'), options.tls.key, { mode: 0o600 });
  writeFileSync(join(dir, 'upstream-ca.pem'), options.upstreamCa);

  // Another process may take the free port before nginx binds it: try a few.
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    execFileSync('bash', [RENDER, '--standalone'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        SCR_SERVER_NAME: '127.0.0.1',
        SCR_LISTEN: `127.0.0.1:${port}`,
        SCR_TLS_CERTIFICATE: join(dir, 'server.pem'),
        SCR_TLS_CERTIFICATE_KEY: join(dir, 'server.key'),
        SCR_APP_ROOT: appRoot,
        SCR_UPSTREAM_HOST: options.upstreamHost,
        SCR_UPSTREAM_PORT: String(options.upstreamPort),
        SCR_UPSTREAM_CA: join(dir, 'upstream-ca.pem'),
        SCR_PREFIX: dir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (asRoot) chownTree(dir);
    const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
    // setpriv: as `nobody` when the tests run as root; and told to stop (SIGTERM: the master
    // then stops its workers) should the test process end without stop(), as when a test runner
    // kills its worker after a timeout. Its own process group, so that its workers can be
    // killed with it by its pid if it hangs.
    const drop = asRoot ? ['--reuid', String(NOBODY.uid), '--regid', String(NOBODY.gid), '--clear-groups'] : [];
    const child = spawn('setpriv', ['--pdeathsig', 'TERM', ...drop, NGINX_PATH, ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const deadline = Date.now() + START_TIMEOUT_MS;
    let up = false;
    while (!up && child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      up = await accepts(port);
      if (!up) await new Promise((r) => setTimeout(r, 50));
    }
    const pid = child.pid;
    if (up && pid !== undefined) {
      const logs = (): string =>
        ['access.log', 'error.log'].map((name) => (existsSync(join(dir, name)) ? `== ${name}\n${readFileSync(join(dir, name), 'utf8')}` : '')).join('\n');
      return {
        origin: `https://127.0.0.1:${port}`,
        pid,
        logs,
        stop: async () => {
          // SIGQUIT: a graceful stop, answers in progress finish; if it hangs, SIGKILL to its
          // process group (the master's pid), workers included.
          if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGQUIT');
          const timer = setTimeout(() => {
            if (child.exitCode === null && child.signalCode === null) process.kill(-pid, 'SIGKILL');
          }, STOP_TIMEOUT_MS);
          await exited(child);
          clearTimeout(timer);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-pid, 'SIGKILL');
      await exited(child);
    }
    const errorLog = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    lastError = `${stderr}${errorLog}`;
    if (!/Address already in use/.test(lastError)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`nginx did not start:\n${lastError}`);
}
