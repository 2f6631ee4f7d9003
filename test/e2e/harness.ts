// End-to-end harness: runs the packaged extension in a real VS Code (code-server from the npm
// registry, set up by scripts/setup-e2e.sh) and drives its web workbench in Debian's headless
// Chromium through playwright-core. Every sandbox has its own HOME (so its own ~/.aws), user-data-dir
// and extensions dir, under a fresh temporary folder; nothing touches the real HOME.
//
// Two VS Code builds (test/e2e/vscode-versions.json): `current`, the latest stable release (code-server
// 4.139.1 = VS Code 1.139.1, on Node 24 from the npm registry, in .cache/node/), the default; and
// `floor`, the oldest release engines.vscode allows that code-server published on npm (code-server
// 4.103.2 = VS Code 1.103.2, on Node 22.15.1, the Node of VS Code 1.101's extension host). E2E_VSCODE=floor|current picks one for a whole run; a test may ask for one
// with `startVsCode({ vscode: 'floor' })`; `vsc.version` says which VS Code it ran on.
//
//   const vsc = await startVsCode({ files: { '.aws/config': '[profile a]\nregion = eu-west-1\n' } });
//   try {
//     await vsc.waitForLog(/activated in \d+ ms/);
//     await vsc.openTerminal();
//     await vsc.typeInTerminal(`echo hi > ${vsc.home}/out.txt`);
//     assert.equal(await vsc.waitForFile(`${vsc.home}/out.txt`), 'hi\n');
//   } finally {
//     await vsc.close();
//   }
//
// Or `withVsCode(name, options, async (vsc) => { ... })`, which also keeps a screenshot, the
// server's output and VS Code's logs under .e2e/failures/NAME/ when the body throws (floor/NAME/
// on the floor build).
//
// Environment knobs: E2E_VSCODE=floor|current (default current); E2E_KEEP=1 keeps sandboxes; E2E_VSIX=path uses a prebuilt .vsix;
// E2E_HEADFUL=1 shows the browser (needs a display); E2E_DEBUG=1 echoes code-server's output.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The VS Code builds the tests can run on (see test/e2e/vscode-versions.json and scripts/setup-e2e.sh). */
export type VsCodeBuild = 'floor' | 'current';
export const VSCODE_BUILDS: readonly VsCodeBuild[] = ['current', 'floor'];

export interface CodeServerBuild {
  readonly build: VsCodeBuild;
  /** code-server's version, e.g. "4.139.1". */
  readonly codeServerVersion: string;
  /** The VS Code version it is built from, e.g. "1.139.1". */
  readonly vscodeVersion: string;
  /** The unpacked npm package (its out/node/entry.js is code-server). */
  readonly dir: string;
  /** The Node that runs it: the one setup-e2e.sh put in .cache/node/. */
  readonly node: string;
  /** The Node version it runs on, e.g. "24.22.3". */
  readonly nodeVersion: string;
}

/** E2E_VERSIONS_FILE: another versions file (to try a release before bumping vscode-versions.json); setup-e2e.sh reads it too. */
const VERSIONS = JSON.parse(readFileSync(process.env.E2E_VERSIONS_FILE || join(__dirname, 'vscode-versions.json'), 'utf8')) as Record<
  VsCodeBuild,
  { codeServer: string; vscode: string; node: string }
>;

/** Where setup-e2e.sh put a build, and the Node that runs it. */
export function codeServerBuild(build: VsCodeBuild): CodeServerBuild {
  const v = VERSIONS[build];
  if (!v) throw new Error(`unknown VS Code build "${build}" (${VSCODE_BUILDS.join(' or ')})`);
  return {
    build,
    codeServerVersion: v.codeServer,
    vscodeVersion: v.vscode,
    dir: join(REPO_ROOT, '.cache', 'code-server', `code-server-${v.codeServer}`, 'package'),
    node: join(REPO_ROOT, '.cache', 'node', `node-v${v.node}`, 'bin', 'node'),
    nodeVersion: v.node,
  };
}

/** The ids (publisher.name) of the extensions built into a build (its lib/vscode/extensions/). */
export function builtinExtensionIds(build: VsCodeBuild): string[] {
  const dir = join(codeServerBuild(build).dir, 'lib', 'vscode', 'extensions');
  const ids: string[] = [];
  for (const n of existsSync(dir) ? readdirSync(dir) : []) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, n, 'package.json'), 'utf8')) as { publisher?: string; name?: string };
      if (pkg.publisher && pkg.name) ids.push(`${pkg.publisher}.${pkg.name}`);
    } catch {
      /* not an extension folder */
    }
  }
  return ids.sort();
}

/**
 * The build of this run: E2E_VSCODE=floor|current, default current. (scripts/run-tests.mjs sets it
 * for each of its runs; its own all/quick mean both builds, which one test process cannot be: current.)
 */
export const DEFAULT_VSCODE: VsCodeBuild = (() => {
  const v = (process.env.E2E_VSCODE ?? '').trim() || 'current';
  if (v === 'floor' || v === 'current') return v;
  if (v === 'all' || v === 'both' || v === 'quick') return 'current';
  throw new Error(`E2E_VSCODE=${v}: expected floor or current`);
})();
/** The default build's code-server version and folder. */
export const CODE_SERVER_VERSION = codeServerBuild(DEFAULT_VSCODE).codeServerVersion;
export const CODE_SERVER_DIR = codeServerBuild(DEFAULT_VSCODE).dir;
export const CHROMIUM = '/usr/bin/chromium';
/** Debian's AWS CLI v2. Use this path, not `aws`: a pyenv shim named aws may come first on PATH. */
export const AWS_CLI = '/usr/bin/aws';
/** Screenshots and failure folders; those of the floor build go into a `floor/` folder of their own. */
export const SCREENSHOT_DIR = join(REPO_ROOT, '.e2e', 'screenshots');
export const FAILURE_DIR = join(REPO_ROOT, '.e2e', 'failures');
const perBuild = (dir: string, build: VsCodeBuild) => (build === 'current' ? dir : join(dir, build));
export const EXTENSION_ID = 'aws-profiles.aws-profiles';
export const LOG_CHANNEL = 'AWS Profiles';

/** Default settings of every sandbox (given settings are merged over these). */
export const BASE_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'terminal.integrated.defaultProfile.linux': 'bash',
  'window.restoreWindows': 'none',
};

/** Settings of a sandbox started with `trusted: false`: trust on, the workspace not trusted, no prompt. */
const UNTRUSTED_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/** Timeouts in ms: generous, but every wait ends. */
export const TIMEOUTS = {
  build: 180_000,
  install: 120_000,
  serverStart: 60_000,
  workbench: 90_000,
  command: 20_000,
  terminal: 30_000,
  /** A script run with runInTerminal(). */
  script: 120_000,
  file: 30_000,
  log: 30_000,
  close: 15_000,
};

// ------------------------------------------------------------------------------------------------
// small utilities

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `fn` until it returns a value other than undefined, or throws `message` after `timeoutMs`. An error thrown by `fn` ends the wait at once. */
export async function poll<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  message: string | (() => string),
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms: ${typeof message === 'function' ? message() : message}`);
    }
    await sleep(intervalMs);
  }
}

/** Rejects with `message` if `promise` does not settle within `timeoutMs`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${message}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout: number; what: string }): string {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: opts.env ?? process.env,
    timeout: opts.timeout,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.error) throw new Error(`${opts.what} failed: ${r.error.message}\n${out}`);
  if (r.status !== 0) throw new Error(`${opts.what} exited with ${r.status ?? r.signal}\n${out}`);
  return out;
}

// ------------------------------------------------------------------------------------------------
// processes to kill whatever happens (test runner killed, assertion thrown, ...)

const liveGroups = new Set<number>();
const liveSandboxes = new Set<string>();
function killAllGroups(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  liveGroups.clear();
  if (!process.env.E2E_KEEP) for (const dir of liveSandboxes) rmSync(dir, { recursive: true, force: true });
  liveSandboxes.clear();
}
process.on('exit', killAllGroups);
// code-server runs in its own process group (so that its children can be killed with it): make sure a
// test process stopped by a signal (a runner's timeout, Ctrl-C) takes it down too.
// process.exit() also runs playwright's own 'exit' handler, which kills chromium.
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
for (const [signal, number] of Object.entries(SIGNALS)) {
  process.once(signal, () => {
    killAllGroups();
    process.exit(128 + number);
  });
}

async function killGroup(child: ChildProcess, timeoutMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit').then(() => undefined);
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const done = await Promise.race([exited.then(() => true), sleep(Math.min(5_000, timeoutMs)).then(() => false)]);
  // SIGKILL the whole group anyway: code-server's children (extension host, pty host) may outlive it.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  if (!done) await Promise.race([exited, sleep(timeoutMs)]);
  liveGroups.delete(pid);
}

// ------------------------------------------------------------------------------------------------
// packaging

let packaged: Promise<string> | undefined;

/** Start time of a process (clock ticks since boot), so that a reused pid is not taken for the same run. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Builds the extension (esbuild, scripts/build.mjs) and packages it with vsce into a temporary folder;
 * returns the .vsix path. Done once per test run: reused within this process, and by the other test
 * files of the same `node --test` run (keyed by the runner's pid and start time, or by E2E_RUNNER_PID's,
 * which scripts/run-tests.mjs sets for all of its runs). E2E_VSIX=path skips the build.
 */
export function packageExtension(): Promise<string> {
  packaged ??= (async () => {
    if (process.env.E2E_VSIX) {
      if (!existsSync(process.env.E2E_VSIX)) throw new Error(`E2E_VSIX=${process.env.E2E_VSIX} does not exist`);
      return process.env.E2E_VSIX;
    }
    const prefix = 'awsp-e2e-vsix-';
    // Folders of earlier runs whose runner is gone.
    for (const n of readdirSync(tmpdir())) {
      const m = n.startsWith(prefix) ? /^(\d+)-(\d+)$/.exec(n.slice(prefix.length)) : null;
      if (m && processStart(Number(m[1])) !== m[2]) rmSync(join(tmpdir(), n), { recursive: true, force: true });
    }
    // scripts/run-tests.mjs runs `node --test` once per VS Code build: it names itself the owner, so
    // that one package serves every run.
    const owner = Number(process.env.E2E_RUNNER_PID) || process.ppid;
    const dir = join(tmpdir(), `${prefix}${owner}-${processStart(owner) ?? 'x'}`);
    const vsix = join(dir, 'aws-profiles.vsix');
    const ready = join(dir, 'ready');
    if (existsSync(ready) && existsSync(vsix)) return vsix;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // The production bundle, as `npm run package` makes it, with the test hooks (the tests point the console
    // sign-in at the local endpoint; a release has no such hook). Type-checking is `npm run build`'s job.
    run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--test-hooks'], { timeout: TIMEOUTS.build, what: 'node scripts/build.mjs --test-hooks' });
    run(process.execPath, [join(REPO_ROOT, 'scripts', 'package.mjs'), '--out', vsix], {
      timeout: TIMEOUTS.build,
      what: 'node scripts/package.mjs (vsce package)',
    });
    if (!existsSync(vsix)) throw new Error(`vsce package did not write ${vsix}`);
    writeFileSync(ready, String(Date.now()));
    return vsix;
  })();
  packaged.catch(() => (packaged = undefined));
  return packaged;
}

// ------------------------------------------------------------------------------------------------
// the sandbox

export interface StartOptions {
  /** Name used for screenshots and failure folders. Default "vscode". */
  name?: string;
  /** HOME of code-server, the extension host and terminals. Default: <sandbox>/home (created). */
  home?: string;
  /** Folder to open. Default: <sandbox>/workspace (created, empty). */
  workspace?: string;
  /** Files to write before start, relative to `home` (e.g. '.aws/config') or absolute. */
  files?: Record<string, string>;
  /** Extra environment variables for code-server (so for the extension host and terminals). */
  env?: Record<string, string | undefined>;
  /** User settings merged over BASE_SETTINGS. */
  settings?: Record<string, unknown>;
  /** User keybindings (keybindings.json entries: key, command, args), e.g. for a bench to start commands by a key. */
  keybindings?: Array<{ key: string; command: string; args?: unknown }>;
  /** The .vsix to install. Default: packageExtension(). */
  vsix?: string;
  /** Browser viewport. Default 1400x900. */
  viewport?: { width: number; height: number };
  /** The VS Code build to run. Default: E2E_VSCODE, else current. */
  vscode?: VsCodeBuild;
  /**
   * Options of the Node running code-server (e.g. ['--expose-gc']), which its extension host inherits
   * (it is forked with the server's execArgv). NODE_OPTIONS in `env` does not reach the extension host
   * of VS Code 1.139: its removeDangerousEnvVariables() deletes NODE_OPTIONS (1.100 kept it).
   */
  nodeArgs?: string[];
  /** More code-server arguments (e.g. '--disable-extension', 'vscode.git'). */
  serverArgs?: string[];
  /** false: no `~/.aws` folder at start, as for a new user (unless `files` write into it). Default true. */
  awsFolder?: boolean;
  /**
   * false: workspace trust is on and the workspace is not trusted (Restricted Mode), with no startup
   * prompt. Default true: code-server runs with --disable-workspace-trust.
   */
  trusted?: boolean;
}

export interface VsCode {
  readonly name: string;
  /** The build it runs: 'floor' or 'current'. */
  readonly build: VsCodeBuild;
  /** The VS Code version it runs, as its product.json says (e.g. "1.139.1"). */
  readonly version: string;
  /** The code-server version (e.g. "4.139.1"). */
  readonly codeServerVersion: string;
  /** The Node version of the server and its extension host (e.g. "24.22.3"). */
  readonly nodeVersion: string;
  readonly page: Page;
  readonly browser: Browser;
  readonly url: string;
  readonly port: number;
  /** The sandbox's root folder (temporary; removed by close() unless E2E_KEEP=1). */
  readonly sandbox: string;
  readonly home: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Runs a command by its palette title (e.g. "Terminal: Create New Terminal") through F1. */
  runCommand(title: string, timeoutMs?: number): Promise<void>;
  /** Opens a new integrated terminal and waits until its shell runs what is typed into it. */
  openTerminal(): Promise<void>;
  /** Types `text` into the active terminal, then Enter. */
  typeInTerminal(text: string): Promise<void>;
  /**
   * Waits for `path` to exist and hold text; returns its text. Write it in one piece: one `echo`, or
   * a command's output through outputTo().
   */
  waitForFile(path: string, timeoutMs?: number): Promise<string>;
  /** The extension's "AWS Profiles" output (all of its log files, oldest first; '' if none yet), or what was written after `since`. */
  readLog(since?: LogMark): string;
  /**
   * Marks the log as it is now, for waitForLog and readLog to read only what comes after: what the
   * running extension hosts add, or with `newHosts`, only the log of extension hosts started after
   * the mark (a reload's, another window's).
   */
  logMark(newHosts?: boolean): LogMark;
  /** Waits until the log (what was written after `since`, if given) matches `pattern`; returns that log. */
  waitForLog(pattern: RegExp | string, opts?: { since?: LogMark; timeoutMs?: number }): Promise<string>;
  /** Paths of the extension's log files (one per extension host session). */
  logFiles(): string[];
  /**
   * Runs "Developer: Reload Window", waits for the workbench to come back and its terminals to be
   * reconnected; returns a mark of the log that only the new extension host's log is after.
   */
  reloadWindow(): Promise<LogMark>;
  /**
   * Opens another window on `folder` (created): another tab on the same code-server, so another
   * extension host, with the same user data (globalState, SecretStorage) as a second desktop window.
   */
  openWindow(folder: string): Promise<Window>;
  /** Saves a PNG of the page under .e2e/screenshots/NAME.png (.e2e/screenshots/floor/ on the floor build); returns its path. */
  screenshot(name: string): Promise<string>;
  /** What code-server printed so far (stdout and stderr). */
  serverOutput(): string;
  /** The executable of the running extension host(s) (/proc/PID/exe of code-server's `--type=extensionHost` children). */
  extensionHostExecutables(): string[];
  /**
   * Quits VS Code as a user does, not a reload: the window closes (its shutdown handlers run, so
   * VS Code saves what it keeps of terminals), then the server stops gracefully. The sandbox stays
   * for inspection until close().
   */
  quit(): Promise<void>;
  /** Kills chromium and code-server (always safe to call, more than once). */
  close(): Promise<void>;
}

/**
 * A point in the extension's log (VsCode.logMark): each log file there was then, and how many of its
 * bytes were written by then (Infinity: none of that file counts).
 */
export interface LogMark {
  readonly sizes: ReadonlyMap<string, number>;
}

/** A further window of the same VS Code (see VsCode.openWindow). */
export interface Window {
  readonly page: Page;
  runCommand(title: string, timeoutMs?: number): Promise<void>;
  openTerminal(): Promise<void>;
  typeInTerminal(text: string): Promise<void>;
}

/** The build's entry.js and VS Code version (as its product.json says); throws when setup-e2e.sh has not set it up. */
function ensureSetUp(build: VsCodeBuild): { entry: string; version: string; cs: CodeServerBuild } {
  const cs = codeServerBuild(build);
  const entry = join(cs.dir, 'out', 'node', 'entry.js');
  const stamp = join(dirname(cs.dir), '.setup-complete');
  const setup = `run \`bash scripts/setup-e2e.sh ${build}\` first`;
  if (!existsSync(stamp) || !existsSync(entry)) {
    throw new Error(`code-server ${cs.codeServerVersion} (${build}) is not set up in ${dirname(cs.dir)}: ${setup}`);
  }
  if (!existsSync(cs.node)) throw new Error(`the Node of code-server ${cs.codeServerVersion} (${cs.node}) is missing: ${setup}`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: ${setup}`);
  let version = cs.vscodeVersion;
  try {
    version = (JSON.parse(readFileSync(join(cs.dir, 'lib', 'vscode', 'product.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    /* the version vscode-versions.json gives */
  }
  return { entry, version, cs };
}

/** The environment code-server starts with: the test's, less anything that could reach real AWS accounts. */
function sandboxEnv(home: string, runtimeDir: string, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(AWS_|XDG_|VSCODE_|ELECTRON_|NODE_OPTIONS$|TERM_PROGRAM)/.test(k)) continue;
    // tsx / node --test plumbing must not leak into code-server's own node processes.
    if (/^(NODE_TEST_CONTEXT|NODE_CHANNEL_FD|TSX_)/.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    HOME: home,
    SHELL: '/bin/bash',
    // Never let an AWS SDK fall back to the instance metadata service (a non-loopback address).
    AWS_EC2_METADATA_DISABLED: 'true',
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // VS Code's IPC sockets (vscode-ipc-*.sock) go here rather than into /tmp; keep the path short.
    XDG_RUNTIME_DIR: runtimeDir,
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Creates a sandbox, installs the extension, starts code-server on a free loopback port, opens the
 * workspace in headless Chromium and waits for the workbench. On any failure everything started so
 * far is killed before the error is thrown.
 */
export async function startVsCode(options: StartOptions = {}): Promise<VsCode> {
  const build = options.vscode ?? DEFAULT_VSCODE;
  const { entry, version, cs } = ensureSetUp(build);
  const node = cs.node;
  const name = options.name ?? 'vscode';
  const vsix = options.vsix ?? (await packageExtension());

  const sandbox = mkdtempSync(join(tmpdir(), 'awsp-e2e-'));
  liveSandboxes.add(sandbox);
  const home = resolve(options.home ?? join(sandbox, 'home'));
  const workspace = resolve(options.workspace ?? join(sandbox, 'workspace'));
  const userDataDir = join(sandbox, 'user-data');
  const extensionsDir = join(sandbox, 'extensions');
  const folders = [home, workspace, join(userDataDir, 'User'), extensionsDir];
  if (options.awsFolder !== false) folders.push(join(home, '.aws'));
  for (const d of folders) mkdirSync(d, { recursive: true });
  for (const [rel, text] of Object.entries(options.files ?? {})) {
    const p = resolve(home, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...(options.trusted === false ? UNTRUSTED_SETTINGS : {}), ...(options.settings ?? {}) }, null, 2),
  );
  if (options.keybindings) writeFileSync(join(userDataDir, 'User', 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));
  const config = join(sandbox, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const runtimeDir = join(sandbox, 'run');
  mkdirSync(runtimeDir, { mode: 0o700 });
  const env = sandboxEnv(home, runtimeDir, options.env ?? {});
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  // Install through code-server so that VS Code records the extension in its manifest.
  let installed: string;
  try {
    installed = run(node, [entry, ...common, '--install-extension', vsix, '--force'], {
      env,
      cwd: sandbox,
      timeout: TIMEOUTS.install,
      what: `installing ${vsix} into ${extensionsDir}`,
    });
    if (!existsSync(join(extensionsDir, 'extensions.json')) || !readdirSync(extensionsDir).some((d) => d.startsWith(EXTENSION_ID))) {
      throw new Error(`the extension is not in ${extensionsDir} after --install-extension:\n${installed}`);
    }
  } catch (e) {
    if (!process.env.E2E_KEEP) rmSync(sandbox, { recursive: true, force: true });
    throw e;
  }

  let output = '';
  const server = spawn(
    node,
    [...(options.nodeArgs ?? []), entry, ...common, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check',
      ...(options.trusted === false ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--ignore-last-opened', ...(options.serverArgs ?? []), workspace],
    { cwd: sandbox, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (server.pid !== undefined) liveGroups.add(server.pid);
  const onData = (chunk: Buffer) => {
    const s = chunk.toString();
    output += s;
    if (process.env.E2E_DEBUG) process.stderr.write(`[code-server ${name}] ${s}`);
  };
  server.stdout!.on('data', onData);
  server.stderr!.on('data', onData);

  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (browser) await withTimeout(browser.close(), TIMEOUTS.close, 'closing chromium').catch(() => undefined);
    await killGroup(server, TIMEOUTS.close);
    if (!process.env.E2E_KEEP) rmSync(sandbox, { recursive: true, force: true, maxRetries: 3 });
    liveSandboxes.delete(sandbox);
  };
  const quit = async () => {
    for (const p of context?.pages() ?? []) await withTimeout(p.close({ runBeforeUnload: true }), TIMEOUTS.close, 'closing the window').catch(() => undefined);
    // A window hands its shutdown state (its terminals among it) to the server before it says
    // goodbye, and the server ends that window's extension host once it has: when none is left,
    // everything was handed over. Then the server stops as on a signal.
    if (server.pid !== undefined) {
      const pid = server.pid;
      await poll(() => (groupExecutables(pid, '--type=extensionHost').length === 0 ? true : undefined), TIMEOUTS.close, 'the extension hosts of the closed windows ended');
      process.kill(pid, 'SIGTERM');
    }
    await Promise.race([once(server, 'exit'), sleep(TIMEOUTS.close)]);
    await killGroup(server, TIMEOUTS.close);
  };

  try {
    const port = await poll(
      () => {
        if (server.exitCode !== null || server.signalCode !== null) {
          throw new Error(`code-server exited (${server.exitCode ?? server.signalCode}):\n${output}`);
        }
        const m = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        return m ? Number(m[1]) : undefined;
      },
      TIMEOUTS.serverStart,
      () => `code-server did not report its port; output so far:\n${output}`,
    );
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;

    browser = await withTimeout(
      chromium.launch({
        executablePath: CHROMIUM,
        headless: !process.env.E2E_HEADFUL,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run', '--disable-quic'],
        timeout: 60_000,
      }),
      70_000,
      `launching ${CHROMIUM}`,
    );
    context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUTS.command);
    page.on('pageerror', (e) => {
      output += `[page error] ${e.message}\n`;
    });
    // The workbench's own errors and warnings, kept with the server's output for failures.
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') output += `[workbench ${m.type()}] ${m.text()}\n`;
    });
    await page.goto(url, { timeout: TIMEOUTS.workbench, waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);

    const serverPid = server.pid;
    const untrustedShells = options.trusted === false && serverPid !== undefined ? () => shellsUnder(serverPid) : undefined;
    const vsc: VsCode = {
      name,
      build,
      version,
      codeServerVersion: cs.codeServerVersion,
      nodeVersion: cs.nodeVersion,
      page,
      browser,
      url,
      port,
      sandbox,
      home,
      workspace,
      userDataDir,
      extensionsDir,
      runCommand: (title, timeoutMs) => runCommand(page, title, timeoutMs),
      openTerminal: () => openTerminal(page, sandbox, untrustedShells),
      typeInTerminal: (text) => typeInTerminal(page, text),
      waitForFile,
      readLog: (since) => readLog(userDataDir, since),
      logMark: (newHosts = false) => logMark(userDataDir, newHosts),
      logFiles: () => findLogFiles(userDataDir),
      waitForLog: async (pattern, opts = {}) => {
        const re = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
        return poll(
          () => {
            const log = readLog(userDataDir, opts.since);
            return re.test(log) ? log : undefined;
          },
          opts.timeoutMs ?? TIMEOUTS.log,
          () => `the "${LOG_CHANNEL}" log${opts.since ? ' (after the mark)' : ''} never matched ${re}; log files: ${JSON.stringify(findLogFiles(userDataDir))}; log${opts.since ? ' after the mark' : ''}:\n${readLog(userDataDir, opts.since)}`,
          200,
        );
      },
      reloadWindow: async () => {
        const reloaded = logMark(userDataDir, true);
        const terminals = await page.locator('.terminal-wrapper').count();
        const ptyLog = ptyHostLogMark(userDataDir);
        const loaded = page.waitForEvent('load', { timeout: TIMEOUTS.workbench });
        await runCommand(page, 'Developer: Reload Window');
        await loaded;
        await waitForWorkbench(page);
        // A terminal created while the window is still reconnecting its terminals never starts (seen
        // in code-server 1.100): wait until the pty host has replayed every one of them to this window.
        await poll(
          () => (replayedSince(ptyLog).size >= terminals ? true : undefined),
          TIMEOUTS.terminal,
          () => `the ${terminals} terminal(s) reconnected after the reload (replayed: ${[...replayedSince(ptyLog)].join(', ') || 'none'})`,
        );
        return reloaded;
      },
      openWindow: async (folder) => {
        mkdirSync(folder, { recursive: true });
        const other = await context!.newPage();
        other.setDefaultTimeout(TIMEOUTS.command);
        await other.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`, { timeout: TIMEOUTS.workbench, waitUntil: 'domcontentloaded' });
        await waitForWorkbench(other);
        return { page: other, runCommand: (title, timeoutMs) => runCommand(other, title, timeoutMs), openTerminal: () => openTerminal(other, sandbox, untrustedShells), typeInTerminal: (text) => typeInTerminal(other, text) };
      },
      screenshot: (shot) => screenshot(page, shot, perBuild(SCREENSHOT_DIR, build)),
      serverOutput: () => output,
      extensionHostExecutables: () => (server.pid === undefined ? [] : groupExecutables(server.pid, '--type=extensionHost')),
      quit,
      close,
    };
    return vsc;
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Starts a sandbox, runs `body`, and always closes it. When `body` throws, a screenshot, the
 * server's output and VS Code's logs are kept under .e2e/failures/NAME/ (.e2e/failures/floor/NAME/ on
 * the floor build) before the error goes on.
 */
export async function withVsCode<T>(name: string, options: StartOptions, body: (vsc: VsCode) => Promise<T>): Promise<T> {
  const vsc = await startVsCode({ ...options, name });
  try {
    return await body(vsc);
  } catch (e) {
    const dir = join(perBuild(FAILURE_DIR, vsc.build), name);
    try {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await withTimeout(vsc.page.screenshot({ path: join(dir, 'screenshot.png') }), 15_000, 'failure screenshot').catch(() => undefined);
      writeFileSync(join(dir, 'code-server.txt'), vsc.serverOutput());
      const logs = join(vsc.userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(dir, 'logs'), { recursive: true });
      if (e instanceof Error) e.message += `\n(screenshot, server output and VS Code logs kept in ${dir})`;
    } catch {
      /* keep the original error */
    }
    throw e;
  } finally {
    await vsc.close();
  }
}

// ------------------------------------------------------------------------------------------------
// workbench helpers

async function waitForWorkbench(page: Page): Promise<void> {
  try {
    await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: TIMEOUTS.workbench });
    // The status bar is drawn late in startup: once it is there, the workbench takes input.
    await page.locator('.monaco-workbench .part.statusbar').first().waitFor({ state: 'visible', timeout: TIMEOUTS.workbench });
  } catch (e) {
    throw new Error(`the VS Code workbench did not appear at ${page.url()}: ${(e as Error).message}`, { cause: e });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function runCommand(page: Page, title: string, timeoutMs = TIMEOUTS.command): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input.input');
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1_000, deadline - Date.now());
  try {
    // Anything already open (a quick pick, a notification's focus) would swallow F1.
    if (await widget.isVisible()) await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').first().click({ position: { x: 5, y: 5 }, timeout: left(), force: true }).catch(() => undefined);
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: left() });
    await input.fill(`>${title}`, { timeout: left() });
    // The row whose label is exactly the title (not a longer command that contains it).
    const row = widget
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.quick-input-list-label .label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: left() });
    await row.click({ timeout: left() });
    await widget.waitFor({ state: 'hidden', timeout: left() });
  } catch (e) {
    await page.keyboard.press('Escape').catch(() => undefined);
    throw new Error(`command "${title}" could not be run from the palette: ${(e as Error).message}`, { cause: e });
  }
}

let terminalCounter = 0;

/**
 * Opens a terminal and waits until its shell runs what is typed. `shells` (in an untrusted window):
 * the shells running under code-server, to tell VS Code's question before a shell starts from none.
 */
async function openTerminal(page: Page, sandbox: string, shells: (() => Set<number>) | undefined): Promise<void> {
  const before = await page.locator('.terminal-wrapper').count();
  const shellsBefore = shells?.();
  await runCommand(page, 'Terminal: Create New Terminal');
  await poll(
    async () => ((await page.locator('.terminal-wrapper').count()) > before ? true : undefined),
    TIMEOUTS.terminal,
    'no new terminal appeared after "Terminal: Create New Terminal"',
  );
  await activeXterm(page).waitFor({ state: 'visible', timeout: TIMEOUTS.terminal });
  if (shells && shellsBefore) await keepRestrictedMode(page, () => [...shells()].some((pid) => !shellsBefore.has(pid)));
  // Handshake: the shell is ready once a command typed into it has run. VS Code relaunches a terminal
  // that nobody has typed into when an extension's environment collection changes under it
  // (terminal.integrated.environmentChangesRelaunch), as it does right after a window reload, when
  // extensions give their collections again: what was typed into the first process is lost. So the
  // handshake is typed again, a few times, each with a file of its own.
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const marker = join(sandbox, `terminal-ready-${process.pid}-${++terminalCounter}`);
    await typeInTerminal(page, `echo ready > '${marker}'`);
    try {
      await waitForFile(marker, TIMEOUTS.terminal / 3);
      return;
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(`the new terminal's shell did not run a typed command: ${(lastError as Error).message}`);
}

/**
 * In a window whose workspace is not trusted, VS Code 1.139 asks before it starts a terminal's shell
 * ("Creating a terminal process requires executing code"); 1.103 does not (it asks only in a local
 * folder). The harness waits for one or the other, the question or the new shell (`started`), and
 * answers as a careful user would, Cancel, which keeps Restricted Mode: in a remote window
 * (code-server is one) the shell starts anyway. (Desktop VS Code starts no shell in an untrusted
 * local folder.)
 */
async function keepRestrictedMode(page: Page, started: () => boolean): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Creating a terminal process requires executing code' });
  const outcome = await poll(
    async () => ((await dialog.isVisible()) ? 'asked' : started() ? 'started' : undefined),
    TIMEOUTS.terminal,
    "the new terminal's shell started, or VS Code asked before starting it",
  );
  if (outcome === 'started') return;
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click({ timeout: TIMEOUTS.command });
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUTS.command });
}

/**
 * The active terminal's xterm. After a reload, a restored terminal's hidden wrapper may keep the
 * `active` class beside the one on screen: the visible one is meant.
 */
function activeXterm(page: Page) {
  return page.locator('.terminal-wrapper.active .xterm').filter({ visible: true }).first();
}

async function typeInTerminal(page: Page, text: string): Promise<void> {
  const active = activeXterm(page);
  try {
    await active.waitFor({ state: 'visible', timeout: TIMEOUTS.terminal });
    await active.click({ timeout: TIMEOUTS.terminal });
    await active.locator('.xterm-helper-textarea').first().focus({ timeout: TIMEOUTS.terminal });
  } catch (e) {
    throw new Error(`no active terminal to type into (open one with openTerminal()): ${(e as Error).message}`, { cause: e });
  }
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function waitForFile(path: string, timeoutMs = TIMEOUTS.file): Promise<string> {
  return poll(
    () => {
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      return text.length > 0 ? text : undefined;
    },
    timeoutMs,
    () => `file ${path} ${existsSync(path) ? 'stayed empty' : 'was never written'}`,
  );
}

/**
 * The shell line that runs `commands`, one after the other, and writes their output (stdout and
 * stderr) to `path` whole: into a file beside it, renamed to `path` once they are done, so that
 * `path` appears complete (waitForFile wants it so: it returns as soon as the file has text). Each
 * command is redirected itself, not a `{ …; }` group: inside one, bash's shell integration would
 * write its escape sequences into the file. Quotes `path` itself.
 */
export function outputTo(path: string, ...commands: string[]): string {
  const part = `'${path}.part'`;
  return [...commands.map((c, i) => `${c} ${i === 0 ? '>' : '>>'} ${part} 2>&1`), `mv -f ${part} '${path}'`].join('; ');
}

/** Debian's Python (the AWS CLI's), for appendOnFirstRead(). */
const PYTHON = '/usr/bin/python3';

/**
 * Appends `text` to `path` the moment a process next reads it (Linux inotify IN_ACCESS, from a
 * small Python helper blocked on the event: within a millisecond or so of the read, however busy the
 * machine). `armed` resolves once the watch is up; `appended` once the text is in the file.
 * Whatever reads the file next triggers it: arm it when nothing but the reader meant will.
 */
export function appendOnFirstRead(path: string, text: string, timeoutMs = TIMEOUTS.workbench): { armed: Promise<void>; appended: Promise<void>; cancel(): void } {
  const helper = String.raw`
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init()
if fd < 0 or libc.inotify_add_watch(fd, sys.argv[1].encode(), 0x1) < 0:  # IN_ACCESS
    sys.exit('inotify: ' + os.strerror(ctypes.get_errno()))
print('armed', flush=True)
os.read(fd, 4096)
with open(sys.argv[1], 'a') as f:
    f.write(sys.argv[2])
print('appended', flush=True)
`;
  const child = spawn(PYTHON, ['-c', helper, path, text], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const seen = (word: string) =>
    withTimeout(
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(word)) resolve();
          else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`the helper that appends to ${path} on its next read ended before "${word}": ${err || out}`));
        };
        child.stdout!.on('data', check);
        child.on('exit', check);
        check();
      }),
      timeoutMs,
      `${path} read (the helper that appends to it on its next read said "${word}")`,
    );
  const armed = seen('armed');
  const appended = seen('appended');
  void appended.catch(() => undefined).finally(() => child.kill());
  return { armed, appended, cancel: () => child.kill() };
}

/**
 * Runs a bash script in the active terminal (so with the terminal's environment) and waits for it.
 * The script's `out NAME COMMAND…` lines write the command's output (stdout and stderr, one line)
 * to files under the sandbox, returned by name; `prelude` is bash run before `body` (variables, helpers).
 */
export async function runInTerminal(vsc: VsCode, name: string, body: string, options: { prelude?: string; timeoutMs?: number } = {}): Promise<Record<string, string>> {
  const dir = join(vsc.sandbox, name);
  const script = join(vsc.sandbox, `${name}.sh`);
  writeFileSync(
    script,
    String.raw`set -u
mkdir -p '${dir}'
# out NAME COMMAND...: the command's output (stdout and stderr, one line) in NAME.
out() { local n=$1; shift; "$@" 2>&1 | tr '
	' '  ' | sed 's/ *$//' > '${dir}'/"$n"; }
${options.prelude ?? ''}
${body}
echo done > '${dir}/.done'
`,
  );
  await vsc.typeInTerminal(`bash '${script}'`);
  await vsc.waitForFile(join(dir, '.done'), options.timeoutMs ?? TIMEOUTS.script);
  return Object.fromEntries(readdirSync(dir).filter((n) => n !== '.done').map((n) => [n, readFileSync(join(dir, n), 'utf8').trim()]));
}

// ------------------------------------------------------------------------------------------------
// logs: the extension host runs in code-server, which writes each LogOutputChannel to
// <user-data-dir>/logs/<session>/exthost<N>/<extension id>/<channel name>.log

/** Every regular file under `dir` (recursively) for which `keep(path, name)` holds; unreadable entries are skipped. */
export function filesUnder(dir: string, keep: (path: string, name: string, size: number) => boolean = (_p, _n, size) => size < 50 * 1024 * 1024): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && keep(p, n, st.size)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function findLogFiles(userDataDir: string): string[] {
  const found = filesUnder(join(userDataDir, 'logs'), (_p, n) => n === `${LOG_CHANNEL}.log` || /^\d+-AWS Profiles\.log$/.test(n));
  return found.sort((a, b) => statSync(a).birthtimeMs - statSync(b).birthtimeMs || a.localeCompare(b));
}

/** The pty host's logs (one per server session) and their sizes now, for replayedSince(). */
function ptyHostLogMark(userDataDir: string): { userDataDir: string; sizes: Map<string, number> } {
  const files = filesUnder(join(userDataDir, 'logs'), (_p, n) => n === 'ptyhost.log');
  return { userDataDir, sizes: new Map(files.map((f) => [f, statSync(f).size])) };
}

/** The terminals (the pty host's process ids) it has replayed to a reconnecting window since the mark. */
function replayedSince(mark: { userDataDir: string; sizes: Map<string, number> }): Set<string> {
  const ids = new Set<string>();
  for (const f of filesUnder(join(mark.userDataDir, 'logs'), (_p, n) => n === 'ptyhost.log')) {
    const text = readFileSync(f).subarray(mark.sizes.get(f) ?? 0).toString('utf8');
    for (const m of text.matchAll(/Persistent process "(\d+)": Replaying/g)) ids.add(m[1]);
  }
  return ids;
}

/** The pids of the shells (bash, the sandbox's SHELL) among the descendants of process `root`. */
function shellsUnder(root: number): Set<number> {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  const shells = new Set<number>();
  for (const pid of parent.keys()) {
    try {
      if (descends(pid) && /\/bash$/.test(realpathSync(`/proc/${pid}/exe`))) shells.add(pid);
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return shells;
}

/** The executables of the processes of process group `pgid` whose command line contains `arg`. */
function groupExecutables(pgid: number, arg: string): string[] {
  const out = new Set<string>();
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(arg)) continue;
      out.add(realpathSync(`/proc/${pid}/exe`));
    } catch {
      /* gone meanwhile */
    }
  }
  return [...out];
}

function readLog(userDataDir: string, since?: LogMark): string {
  return findLogFiles(userDataDir)
    .map((f) => {
      try {
        const from = since?.sizes.get(f) ?? 0;
        return from === Infinity ? '' : readFileSync(f).subarray(from).toString('utf8');
      } catch {
        return '';
      }
    })
    .join('');
}

function logMark(userDataDir: string, newHosts: boolean): LogMark {
  const sizes = new Map<string, number>();
  for (const f of findLogFiles(userDataDir)) {
    try {
      sizes.set(f, newHosts ? Infinity : statSync(f).size);
    } catch {
      /* gone meanwhile */
    }
  }
  return { sizes };
}

async function screenshot(page: Page, name: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await withTimeout(page.screenshot({ path }), 30_000, `screenshot ${name}`);
  return path;
}
