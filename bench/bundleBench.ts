import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
 * A fresh Node process that requires `file` after `loaded` (files already required when it is
 * needed, not timed): how long that `require` took and the files it loaded. The `vscode` module,
 * which only exists inside VS Code, is answered by an empty stub.
 */
function requireMs(file: string, dir: string, loaded: string[] = []): { ms: number; files: string[] } {
  const probe = join(dir, 'require-probe.js');
  writeFileSync(
    probe,
    `const Module = require('module');
     const resolve = Module._resolveFilename;
     Module._resolveFilename = function (request, ...rest) {
       return request === 'vscode' ? ${JSON.stringify(join(dir, 'vscode-stub.js'))} : resolve.call(this, request, ...rest);
     };
     for (const m of ${JSON.stringify(HOST_BUILTINS)}) require(m);
     for (const f of process.argv.slice(3)) require(f);
     const before = new Set(Object.keys(require.cache));
     const t = performance.now();
     require(process.argv[2]);
     const ms = performance.now() - t;
     console.log(JSON.stringify({ ms, files: Object.keys(require.cache).filter((f) => !before.has(f)) }));`,
  );
  writeFileSync(join(dir, 'vscode-stub.js'), 'module.exports = {};');
  return JSON.parse(run(process.execPath, [probe, file, ...loaded]));
}

/** The bytes of some files together. */
function bytesOf(files: string[]): number {
  return files.reduce((total, f) => total + statSync(f).size, 0);
}

/**
 * Bundle sizes, the package size, the cost of loading the activation bundle against the STS client,
 * and the cost of loading the EC2 client when an "EC2 Instances" node is first expanded: alone (a
 * profile with keys of its own, nothing of the SDK loaded yet) and after the STS client (a role).
 */
export async function bundleBench(dir: string, runs = 9): Promise<Record<string, number>> {
  run(process.execPath, ['scripts/build.mjs']);
  const main = join(root, 'dist', 'extension.js');
  const sts = join(root, 'dist', 'sdk-sts.js');
  const ec2 = join(root, 'dist', 'sdk-ec2.js');
  const out = join(dir, 'package');
  mkdirSync(out, { recursive: true });
  const vsix = join(out, 'aws-profiles.vsix');
  run(process.execPath, ['scripts/package.mjs', '--out', vsix]);

  const mainTimes: number[] = [];
  const stsTimes: number[] = [];
  const ec2Times: number[] = [];
  const ec2AfterStsTimes: number[] = [];
  let stsFiles: string[] = [];
  let ec2Files: string[] = [];
  for (let i = 0; i < runs; i++) {
    mainTimes.push(requireMs(main, dir).ms);
    const stsCold = requireMs(sts, dir);
    stsTimes.push(stsCold.ms);
    stsFiles = stsCold.files;
    const cold = requireMs(ec2, dir);
    ec2Times.push(cold.ms);
    ec2Files = cold.files;
    ec2AfterStsTimes.push(requireMs(ec2, dir, [sts]).ms);
  }
  const mainRequireMs = median(mainTimes);
  const stsRequireMs = median(stsTimes);
  const ms = (times: number[]) => Math.round(median(times) * 100) / 100;
  return {
    'bundle.mainBytes': statSync(main).size,
    // What requiring the STS or the EC2 bundle loads: the bundle and the shared chunks it requires.
    'bundle.stsBytes': bytesOf(stsFiles),
    'bundle.ec2Bytes': bytesOf(ec2Files),
    // Every SDK bundle and shared chunk together (dist/sdk-*.js).
    'bundle.sdkBytes': bytesOf(readdirSync(join(root, 'dist')).filter((f) => /^sdk-.*\.js$/.test(f)).map((f) => join(root, 'dist', f))),
    'bundle.vsixBytes': statSync(vsix).size,
    'bundle.mainRequireMs': Math.round(mainRequireMs * 100) / 100,
    'bundle.stsRequireMs': Math.round(stsRequireMs * 100) / 100,
    'bundle.requireRatio': Math.round((mainRequireMs / stsRequireMs) * 1000) / 1000,
    'bundle.ec2RequireMs': ms(ec2Times),
    'bundle.ec2AfterStsRequireMs': ms(ec2AfterStsTimes),
  };
}
