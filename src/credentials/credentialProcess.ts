import { spawn } from 'node:child_process';
import { CancelledError, UserError } from '../core/common/errors';
import * as l10n from '@vscode/l10n';

/** How a credential_process ran. */
export interface ProcessRun {
  stdout: string;
}

const MAX_OUTPUT_BYTES = 1024 * 1024;
const MAX_STDERR_SHOWN = 500;

/**
 * Python's `subprocess.list2cmdline`: the command line Windows gets for an argv (quotes around a
 * word with a space or tab, or an empty one; backslashes doubled only before a quote).
 */
export function windowsCommandLine(argv: string[]): string {
  return argv
    .map((arg) => {
      const quote = arg === '' || arg.includes(' ') || arg.includes('\t');
      let out = '';
      let backslashes = 0;
      for (const c of arg) {
        if (c === '\\') {
          backslashes++;
          continue;
        }
        out += c === '"' ? '\\'.repeat(backslashes * 2) + '\\"' : '\\'.repeat(backslashes) + c;
        backslashes = 0;
      }
      out += '\\'.repeat(quote ? backslashes * 2 : backslashes);
      return quote ? `"${out}"` : out;
    })
    .join(' ');
}

/** What to spawn for an argv: as it is, but for a Windows batch file, which only cmd.exe runs. */
export function spawnCommand(argv: string[], platform: string, env: NodeJS.ProcessEnv): { file: string; args: string[]; verbatim: boolean } {
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(argv[0])) {
    // botocore's Popen(argv) hands CreateProcess the list2cmdline line, and Windows runs a batch file
    // through cmd.exe; Node refuses to spawn one without a shell (CVE-2024-27980), so the same is
    // asked of cmd.exe explicitly.
    return { file: env.ComSpec || env.COMSPEC || 'cmd.exe', args: ['/d', '/s', '/c', `"${windowsCommandLine(argv)}"`], verbatim: true };
  }
  return { file: argv[0], args: argv.slice(1), verbatim: false };
}

/**
 * Runs a `credential_process` argv without a shell (as botocore's Popen(argv)): `$HOME`, `~`, pipes
 * and globs are passed through untouched. Fails with a sentence that shows the command's stderr on
 * a non-zero exit, and kills it after `timeoutMs`, or when `signal` aborts (the user cancelled:
 * CancelledError). Its stdout (the credentials) is never logged.
 */
export function runCredentialProcess(
  profile: string,
  argv: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
  signal?: AbortSignal,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    if (argv.length === 0) {
      reject(new UserError(l10n.t('The credential_process of profile "{0}" is empty. Set it to a command that prints credentials as JSON.', profile), 'process.empty'));
      return;
    }
    const cannotStart = (why: string) =>
      new UserError(l10n.t('The credential_process of profile "{0}": {1} {2}. Check the command in ~/.aws/config (it runs without a shell, so ~ and $VARS are not expanded).', profile, argv[0], why), 'process.spawn');
    const command = spawnCommand(argv, platform, env);
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command.file, command.args, { shell: false, stdio: ['ignore', 'pipe', 'pipe'], env, windowsHide: true, windowsVerbatimArguments: command.verbatim });
    } catch (e) {
      // Some refusals are thrown at once rather than reported as an 'error' event (a NUL byte in an argument, EINVAL on Windows).
      reject(cannotStart(l10n.t('could not be started ({0})', (e as NodeJS.ErrnoException).code ?? (e as Error).message)));
      return;
    }
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      if (error) reject(error);
      else resolve({ stdout: Buffer.concat(out).toString('utf8') });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new UserError(l10n.t('The credential_process of profile "{0}" ({1}) did not finish within {2} s and was stopped. Check that it does not wait for input.', profile, argv[0], Math.round(timeoutMs / 1000)), 'process.timeout', true));
    }, timeoutMs);
    const cancel = () => {
      child.kill('SIGKILL');
      finish(new CancelledError());
    };
    signal?.addEventListener('abort', cancel, { once: true });
    child.stdout!.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) {
        child.kill('SIGKILL');
        finish(new UserError(l10n.t('The credential_process of profile "{0}" printed more than 1 MB; it must print one JSON object.', profile), 'process.output'));
      } else out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4 * MAX_STDERR_SHOWN) stderr += chunk.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(cannotStart(e.code === 'ENOENT' ? l10n.t('was not found') : e.code === 'EACCES' ? l10n.t('is not executable') : l10n.t('could not be started ({0})', e.code ?? e.message)));
    });
    child.on('close', (exitCode, signal) => {
      if (exitCode === 0) return finish(null);
      const shown = stderr.trim().slice(0, MAX_STDERR_SHOWN);
      const how = signal ? l10n.t('was stopped by {0}', signal) : l10n.t('exited with code {0}', String(exitCode));
      finish(new UserError(l10n.t('The credential_process of profile "{0}" ({1}) {2}{3}.', profile, argv[0], how, shown ? `: ${shown}` : ' and printed nothing on stderr'), 'process.failed'));
    });
  });
}
