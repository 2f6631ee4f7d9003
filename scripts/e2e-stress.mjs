// The end-to-end suite under load (issue 25): one CPU-bound process per core keeps every core busy
// while the whole e2e suite runs on both VS Code builds, so that a test or a product that only
// works when the machine is idle fails here rather than on a busy CI machine.
//   npm run test:e2e:stress                               # both builds, every e2e file
//   node scripts/e2e-stress.mjs --vscode=floor test/e2e/experience.test.ts   # arguments go to run-tests.mjs --e2e
//   E2E_STRESS_LOAD=3 npm run test:e2e:stress             # another number of load processes (default: one per core)
// The load processes are stopped whatever happens: the suite passing or failing, Ctrl-C, a SIGTERM
// (forwarded to the suite first), and, should this script itself be killed outright, each of them
// stops on its own once it sees its parent gone. The exit code is the suite's.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const count = Number(process.env.E2E_STRESS_LOAD || availableParallelism());
if (!Number.isInteger(count) || count < 1) {
  console.error(`E2E_STRESS_LOAD=${process.env.E2E_STRESS_LOAD}: expected a whole number of load processes, 1 or more`);
  process.exit(2);
}

/** A busy loop that leaves off on its own when the process that started it is gone (checked about every 0.1 s of work). */
const LOAD = `const parent = process.ppid; for (let i = 0; ; i++) if (i % 5e7 === 0 && process.ppid !== parent) process.exit(0);`;

/** Seconds of CPU a process has used (user + system), from /proc; undefined once it is gone or off Linux. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const started = Date.now();
const loads = [];
for (let i = 0; i < count; i++) {
  const load = spawn(process.execPath, ['-e', LOAD], { stdio: 'ignore' });
  load.on('error', (e) => console.error(`[e2e-stress] load process ${i + 1}: ${e.message}`));
  loads.push(load);
}
console.log(`[e2e-stress] ${count} CPU-bound load process(es) running (pid ${loads.map((l) => l.pid).join(', ')}) on ${availableParallelism()} core(s)`);

let stopped = false;
/** Stops every load process (SIGKILL: a busy loop has nothing to clean up) and says how much CPU each took. */
function stopLoads() {
  if (stopped) return;
  stopped = true;
  const wall = (Date.now() - started) / 1000;
  const used = loads.map((l) => cpuSeconds(l.pid));
  for (const l of loads) {
    if (l.exitCode === null && l.signalCode === null) {
      try {
        l.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  const cpu = used.map((s) => (s === undefined ? 'gone' : `${Math.round(s)} s`)).join(', ');
  console.log(`[e2e-stress] load stopped after ${Math.round(wall)} s of wall time (CPU used per load process: ${cpu})`);
}
// Whatever ends this process, the loads end with it (their own check covers a SIGKILL of this one).
process.on('exit', stopLoads);

// The suite in a process group of its own, so that a signal reaches every part of it (node --test,
// its test processes, which take code-server and Chromium down with them) and nothing else.
const args = ['scripts/run-tests.mjs', '--e2e', ...process.argv.slice(2)];
const suite = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', detached: true });

let signalled;
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
for (const signal of Object.keys(SIGNALS)) {
  process.on(signal, () => {
    // A second signal while the suite is still stopping: stop it now.
    const forward = signalled ? 'SIGKILL' : signal;
    signalled ??= signal;
    console.error(`\n[e2e-stress] ${signal}: stopping the suite (${forward})`);
    try {
      process.kill(-suite.pid, forward);
    } catch {
      /* already gone */
    }
  });
}

suite.on('error', (e) => {
  console.error(`[e2e-stress] could not start the suite: ${e.message}`);
  stopLoads();
  process.exit(1);
});
suite.on('exit', (code, signal) => {
  stopLoads();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const status = code ?? 128 + (SIGNALS[signal ?? signalled] ?? 9);
  console.log(`[e2e-stress] the suite ${status === 0 ? 'passed' : `failed (exit ${code ?? signal})`} under load in ${minutes} min`);
  process.exit(signalled && status === 0 ? 128 + SIGNALS[signalled] : status);
});
