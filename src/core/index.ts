import { ChainPlanner } from './chains/chainPlanner';
import { profileErrorDiagnostic, rejectionDiagnostics, warnings, type Diagnostic } from './config/diagnostics';
import { setOwn } from './common/objects';
import { buildProfileModel, type ProfileModel } from './config/profileMap';
import type { CliRejection, ProfileResolution } from './config/types';

export type { Diagnostic } from './config/diagnostics';
export { keyLocation, type Location, type ProfileEntry, type ProfileModel } from './config/profileMap';
export * from './config/types';

/** Everything the extension knows about the files: what the AWS CLI does, and what it shows. */
export interface Analysis {
  /** Set when the AWS CLI refuses the files as a whole (every `aws` command fails). */
  cliRejects: CliRejection | null;
  model: ProfileModel;
  /**
   * Every profile's plan. Where the CLI refuses the files these are planned from what could be
   * read (the bad lines skipped), so that the user still sees the profiles; `cliRejects` says so.
   */
  plans: Map<string, ProfileResolution>;
  /** File rejections, profile errors and warnings, each with file and line. */
  diagnostics: Diagnostic[];
}

/** How to read the files where the AWS CLI's rules differ by system. */
export interface AnalyzeOptions {
  /** Node's name of the system (`process.platform`); default 'linux'. On 'win32', credential_process is split as botocore does on Windows. */
  platform?: string;
}

/** Reads both files (bytes, or an editor's text; null where a file does not exist) and plans every profile. Never throws. */
export function analyze(config: Uint8Array | string | null, credentials: Uint8Array | string | null, options: AnalyzeOptions = {}): Analysis {
  const { model, cliRejects, plans } = plan(config, credentials, options.platform);
  return { cliRejects, model, plans, diagnostics: diagnose(model, plans) };
}

function plan(config: Uint8Array | string | null, credentials: Uint8Array | string | null, platform?: string): Omit<Analysis, 'diagnostics'> {
  const model = buildProfileModel(config, credentials);
  const rejection = model.configFile.rejection ?? model.credentialsFile.rejection;
  const cliRejects: CliRejection | null = rejection && {
    file: model.configFile.rejection ? 'config' : 'credentials',
    reason: rejection.reason,
    line: rejection.line,
  };
  const planner = new ChainPlanner(model, platform);
  const plans = new Map<string, ProfileResolution>();
  for (const name of model.profiles.keys()) plans.set(name, planner.plan(name));
  return { model, cliRejects, plans };
}

/** File rejections, then profile errors, then warnings. */
export function diagnose(model: ProfileModel, plans: Map<string, ProfileResolution>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [
    ...rejectionDiagnostics('config', model.configFile.problems),
    ...rejectionDiagnostics('credentials', model.credentialsFile.problems),
  ];
  for (const [name, p] of plans) {
    const d = profileErrorDiagnostic(model, name, p);
    if (d) diagnostics.push(d);
  }
  diagnostics.push(...warnings(model));
  return diagnostics;
}

/** The conformance view: exactly what the AWS CLI makes of the two files (see CONFORMANCE-SCHEMA.md). */
export interface ResolveAllResult {
  cli_rejects: CliRejection | null;
  profiles: Record<string, ProfileResolution>;
  /** Not part of the CLI's answer: the extension's own diagnostics (rejections, errors, warnings), computed on first read. */
  readonly diagnostics: Diagnostic[];
}

/**
 * What the AWS CLI makes of a config file and a credentials file (bytes; credentials null when the
 * file does not exist): every profile with its merged values and credential chain, or the file
 * rejection that makes every command fail. Never throws, whatever the bytes.
 */
export function resolveAll(config: Uint8Array, credentials: Uint8Array | null): ResolveAllResult {
  const { model, cliRejects, plans } = plan(config, credentials);
  const profiles: Record<string, ProfileResolution> = {};
  if (cliRejects === null) for (const [name, p] of plans) setOwn(profiles, name, p);
  let diagnostics: Diagnostic[] | undefined;
  return {
    cli_rejects: cliRejects,
    profiles,
    get diagnostics() {
      return (diagnostics ??= diagnose(model, plans));
    },
  };
}
