import { AssumeRoleDeniedError, CancelledError, UserError } from '../core/common/errors';
import * as l10n from '@vscode/l10n';

/** What the command wrapper does with an error a command threw. */
export type ErrorReport =
  | { kind: 'silent' }
  | { kind: 'user'; message: string; log: string }
  | { kind: 'bug'; message: string; log: string };

/**
 * UserError: its sentence, as it is; CancelledError (a dismissed prompt) and a refused AssumeRole
 * (told with "How to Fix…" wherever it happens): nothing here; anything else is
 * a bug: a short message for the user and the stack for the log.
 */
export function reportError(commandTitle: string, error: unknown): ErrorReport {
  if (error instanceof CancelledError) return { kind: 'silent' };
  // Told already, whoever asked, with "How to Fix…" (the engine's onAssumeDenied); logged where STS refused.
  if (error instanceof AssumeRoleDeniedError) return { kind: 'silent' };
  if (error instanceof UserError) return { kind: 'user', message: error.message, log: `${commandTitle}: ${error.message} [${error.code}]` };
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return {
    kind: 'bug',
    message: l10n.t('"{0}" failed unexpectedly. The log "AWS Profiles" has the details.', commandTitle),
    log: `${commandTitle} failed: ${stack}`,
  };
}
