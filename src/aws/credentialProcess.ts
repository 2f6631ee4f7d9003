import { spawn } from 'node:child_process';
import { UserError } from '../core/common/errors';

/** How a credential_process ran. */
export interface ProcessRun {
  stdout: string;
}

const MAX_OUTPUT_BYTES = 1024 * 1024;
const MAX_STDERR_SHOWN = 500;

/**
 * Runs a `credential_process` argv without a shell (as botocore's Popen(argv)): `$HOME`, `~`, pipes
 * and globs are passed through untouched. Fails with a sentence that shows the command's stderr on
 * a non-zero exit, and kills it after `timeoutMs`. Its stdout (the credentials) is never logged.
 */
export function runCredentialProcess(profile: string, argv: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    if (argv.length === 0) {
      reject(new UserError(`The credential_process of profile "${profile}" is empty. Set it to a command that prints credentials as JSON.`, 'process.empty'));
      return;
    }
    const child = spawn(argv[0], argv.slice(1), { shell: false, stdio: ['ignore', 'pipe', 'pipe'], env, windowsHide: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let settled = false;
    const finish = (error: UserError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ stdout: Buffer.concat(out).toString('utf8') });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new UserError(`The credential_process of profile "${profile}" (${argv[0]}) did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped. Check that it does not wait for input.`, 'process.timeout', true));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) {
        child.kill('SIGKILL');
        finish(new UserError(`The credential_process of profile "${profile}" printed more than 1 MB; it must print one JSON object.`, 'process.output'));
      } else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4 * MAX_STDERR_SHOWN) stderr += chunk.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? 'was not found' : e.code === 'EACCES' ? 'is not executable' : `could not be started (${e.code ?? e.message})`;
      finish(new UserError(`The credential_process of profile "${profile}": ${argv[0]} ${why}. Check the command in ~/.aws/config (it runs without a shell, so ~ and $VARS are not expanded).`, 'process.spawn'));
    });
    child.on('close', (exitCode, signal) => {
      if (exitCode === 0) return finish(null);
      const shown = stderr.trim().slice(0, MAX_STDERR_SHOWN);
      const how = signal ? `was stopped by ${signal}` : `exited with code ${exitCode}`;
      finish(new UserError(`The credential_process of profile "${profile}" (${argv[0]}) ${how}${shown ? `: ${shown}` : ' and printed nothing on stderr'}.`, 'process.failed'));
    });
  });
}
