// A program run to its end as a test runs it: its exit code (1 for a signal or a failure to start)
// and what it printed, never a rejection.
import { execFile } from 'node:child_process';

export interface ProgramResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProgramOptions {
  env: NodeJS.ProcessEnv;
  timeout: number;
  /** Run as another user (a test running as root). */
  uid?: number;
  gid?: number;
}

export function runProgram(command: string, args: string[], options: ProgramOptions): Promise<ProgramResult> {
  return new Promise((resolve) => {
    execFile(command, args, options, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}
