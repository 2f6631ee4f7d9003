import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats';

const root = join(__dirname, '..');

/** Runs a command in the repository and fails loudly with its output. */
function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Node's own modules that VS Code's extension host has loaded before any extension activates (its
 * IPC, proxy support and process handling use them): loaded before the timer starts, so that
 * neither bundle is charged for Node compiling them (child_process alone takes 4 ms in a fresh
 * process).
 */
const HOST_BUILTINS = ['child_process', 'crypto', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'stream', 'tls', 'url', 'util', 'zlib'];

/**
 * A fresh Node process that requires one file and prints how long `require` took. The `vscode`
 * module, which only exists inside VS Code, is answered by an empty stub.
 */
function requireMs(file: string, dir: string): number {
  const probe = join(dir, 'require-probe.js');
  writeFileSync(
    probe,
    `const Module = require('module');
     const resolve = Module._resolveFilename;
     Module._resolveFilename = function (request, ...rest) {
       return request === 'vscode' ? ${JSON.stringify(join(dir, 'vscode-stub.js'))} : resolve.call(this, request, ...rest);
     };
     for (const m of ${JSON.stringify(HOST_BUILTINS)}) require(m);
     const t = performance.now();
     require(process.argv[2]);
     console.log(performance.now() - t);`,
  );
  writeFileSync(join(dir, 'vscode-stub.js'), 'module.exports = {};');
  return Number(run(process.execPath, [probe, file]).trim());
}

/** Bundle sizes, the package size, and the cost of loading the activation bundle against the STS client. */
export async function bundleBench(dir: string, runs = 9): Promise<Record<string, number>> {
  run(process.execPath, ['scripts/build.mjs']);
  const main = join(root, 'dist', 'extension.js');
  const sts = join(root, 'dist', 'sdk-sts.js');
  const out = join(dir, 'package');
  mkdirSync(out, { recursive: true });
  const vsix = join(out, 'aws-profiles.vsix');
  run('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix]);

  const mainTimes: number[] = [];
  const stsTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    mainTimes.push(requireMs(main, dir));
    stsTimes.push(requireMs(sts, dir));
  }
  const mainRequireMs = median(mainTimes);
  const stsRequireMs = median(stsTimes);
  return {
    'bundle.mainBytes': statSync(main).size,
    'bundle.stsBytes': statSync(sts).size,
    'bundle.vsixBytes': statSync(vsix).size,
    'bundle.mainRequireMs': Math.round(mainRequireMs * 100) / 100,
    'bundle.stsRequireMs': Math.round(stsRequireMs * 100) / 100,
    'bundle.requireRatio': Math.round((mainRequireMs / stsRequireMs) * 1000) / 1000,
  };
}
