import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bundle } from './bundle';
import { median, percentile } from './stats';

const REQUESTS = 1000;
const CLIENTS = 20;
const RUNS = 5;

/**
 * The credential endpoint as it ships (bundled and minified), over a credentials engine that
 * answers at once, in a process of its own as in the extension host (the clients, like terminals,
 * are elsewhere): 1,000 authorised GETs from 20 concurrent keep-alive clients, per run.
 * `endpoint.rps` and `endpoint.p99Ms` are the median of 5 runs (targets: ≥ 1,000 and ≤ 20 ms).
 */
export async function endpointBench(dir: string): Promise<Record<string, number>> {
  const entry = 'src/aws/credentialEndpoint.ts';
  bundle(entry, dir);
  const outfile = join(dir, entry.replace(/[\/.]/g, '_') + '.js'); // where bench/bundle.ts writes it
  const server = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, BUNDLE: outfile }, stdio: ['pipe', 'pipe', 'inherit'] });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
    const { url, token } = JSON.parse(line) as { url: string; token: string };
    await run(url, token, agent, 200); // warm-up: connections, JIT
    const rps: number[] = [];
    const p99: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const result = await run(url, token, agent, REQUESTS);
      rps.push(result.rps);
      p99.push(result.p99Ms);
    }
    return {
      'endpoint.requests': REQUESTS,
      'endpoint.clients': CLIENTS,
      'endpoint.rps': Math.round(median(rps)),
      'endpoint.p99Ms': round(median(p99)),
    };
  } finally {
    agent.destroy();
    server.stdin.end(); // the server process disposes the endpoint and exits
    await once(server, 'exit');
  }
}

/** The server process: the bundled endpoint with a fake engine and ten registered profiles; prints URL and token, stops on stdin's end. */
const SERVER = String.raw`
const { CredentialEndpoint } = require(process.env.BUNDLE);
const expiration = Date.now() + 3600000;
const credentials = {
  get: async (profile) => ({
    profile, obtainedAt: Date.now(), expiresAt: expiration,
    credentials: { accessKeyId: 'ASIABENCH', secretAccessKey: 'bench-secret', sessionToken: 'bench-session', expiration },
  }),
};
const endpoint = new CredentialEndpoint({ credentials });
(async () => {
  for (let i = 0; i < 9; i++) await endpoint.register('other-' + i);
  console.log(JSON.stringify(await endpoint.register('prod')));
  process.stdin.resume();
  process.stdin.on('end', () => endpoint.dispose());
})();
`;

/** `count` requests from CLIENTS loops, each waiting for its answer before the next. */
async function run(url: string, token: string, agent: Agent, count: number): Promise<{ rps: number; p99Ms: number }> {
  const u = new URL(url);
  const latencies: number[] = [];
  let issued = 0;
  const client = async () => {
    while (issued < count) {
      issued++;
      const t = performance.now();
      const status = await get(u, token, agent);
      latencies.push(performance.now() - t);
      if (status !== 200) throw new Error(`endpoint answered ${status}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - start) / 1000;
  return { rps: count / seconds, p99Ms: percentile(latencies, 99) };
}

function get(u: URL, token: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, agent, headers: { Authorization: token } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
