import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { installHelper } from '../src/terminals/terminalFiles';
import { credentialHelperBundle } from '../test/support/credentialHelperBundle';
import { bundle } from './bundle';
import { median, percentile } from './stats';

const REQUESTS = 1000;
const CLIENTS = 20;
const RUNS = 5;

/** Runs of the helper for `terminal.helperMs`. */
const HELPER_RUNS = 21;

/**
 * The credential endpoint as it ships (bundled and minified), over a credentials engine that
 * answers at once, in a process of its own as in the extension host (the clients, like terminals,
 * are elsewhere): 1,000 helper requests from 20 concurrent keep-alive clients on its socket, per run.
 * `endpoint.rps` and `endpoint.p99Ms` are the median of 5 runs (targets: ≥ 1,000 and ≤ 20 ms).
 * `terminal.helperMs`: what the `credential_process` helper adds to an `aws` command in a terminal
 * (the command installHelper gives terminals started, one request, the answer printed: Perl's quick
 * start where it runs), median of 21 runs; `terminal.nodeHelperMs`: the same with the Node helper alone.
 */
export async function endpointBench(dir: string): Promise<Record<string, number>> {
  const entry = 'src/terminals/credentialEndpoint.ts';
  bundle(entry, dir);
  const outfile = join(dir, entry.replace(/[/.]/g, '_') + '.js'); // where bench/bundle.ts writes it
  const server = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, BUNDLE: outfile }, stdio: ['pipe', 'pipe', 'inherit'] });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    const [socketPath] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
    await run(socketPath, agent, 200); // warm-up: connections, JIT
    const rps: number[] = [];
    const p99: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const result = await run(socketPath, agent, REQUESTS);
      rps.push(result.rps);
      p99.push(result.p99Ms);
    }
    const runtime = { execPath: process.execPath, electron: false, platform: process.platform };
    const terminals = await installHelper(join(dir, 'helper'), credentialHelperBundle(), runtime);
    const nodeAlone = await installHelper(join(dir, 'node-helper'), credentialHelperBundle(), { ...runtime, perl: null });
    const helperMs: number[] = [];
    const nodeHelperMs: number[] = [];
    for (let r = 0; r < HELPER_RUNS; r++) {
      helperMs.push(await runHelper(terminals, socketPath));
      nodeHelperMs.push(await runHelper(nodeAlone, socketPath));
    }
    return {
      'endpoint.requests': REQUESTS,
      'endpoint.clients': CLIENTS,
      'endpoint.rps': Math.round(median(rps)),
      'endpoint.p99Ms': round(median(p99)),
      'terminal.helperMs': round(median(helperMs)),
      'terminal.nodeHelperMs': round(median(nodeHelperMs)),
    };
  } finally {
    agent.destroy();
    server.stdin.end(); // the server process disposes the endpoint and exits
    await once(server, 'exit');
  }
}

/** The server process: the bundled endpoint over a fake engine, on a socket in a fresh private folder; prints its path, stops on stdin's end. */
const SERVER = String.raw`
const { CredentialEndpoint } = require(process.env.BUNDLE);
const { mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const expiration = Date.now() + 3600000;
const resolve = async ({ profile }) => ({
  profile, obtainedAt: Date.now(), expiresAt: expiration,
  credentials: { accessKeyId: 'ASIABENCH', secretAccessKey: 'bench-secret', sessionToken: 'bench-session', expiration },
});
const endpoint = new CredentialEndpoint({ resolve });
const path = join(mkdtempSync(join(tmpdir(), 'awsp-bench-')), 'e.sock');
endpoint.listen(path).then(() => {
  console.log(path);
  process.stdin.resume();
  process.stdin.on('end', () => endpoint.dispose());
});
`;

const PATH = '/v1/credentials?profile=prod&via=active';

/** `count` requests from CLIENTS loops, each waiting for its answer before the next. */
async function run(socketPath: string, agent: Agent, count: number): Promise<{ rps: number; p99Ms: number }> {
  const latencies: number[] = [];
  let issued = 0;
  const client = async () => {
    while (issued < count) {
      issued++;
      const t = performance.now();
      const status = await get(socketPath, agent);
      latencies.push(performance.now() - t);
      if (status !== 200) throw new Error(`endpoint answered ${status}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - start) / 1000;
  return { rps: count / seconds, p99Ms: percentile(latencies, 99) };
}

function get(socketPath: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: PATH, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** One run of the helper's command as the AWS CLI runs it: ms from spawn to exit. */
function runHelper([file, ...args]: string[], socketPath: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    execFile(file, [...args, 'active', 'prod'], { env: { ...process.env, AWS_PROFILES_ENDPOINT: socketPath } }, (error, stdout) => {
      if (error || !stdout.includes('"Version":1')) reject(error ?? new Error(`helper printed ${stdout}`));
      else resolve(performance.now() - t);
    });
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
