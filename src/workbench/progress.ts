import * as vscode from 'vscode';
import type { CancellableProgress } from '../core/credentials/credentials';

/** Work that ends within this long shows no progress at all (most requests are answered from memory). */
export const PROGRESS_DELAY_MS = 700;

/**
 * A progress notification with Cancel for work the user waits for (an assume, a credential_process,
 * an EC2 listing), shown only once the work has taken PROGRESS_DELAY_MS. Cancel aborts the work's
 * signal; the work then fails with CancelledError, which the callers treat as a silent stop.
 */
export const notificationProgress: CancellableProgress = (title, work) => {
  const controller = new AbortController();
  const running = work(controller.signal);
  let settled = false;
  const quiet = running.then(
    () => (settled = true),
    () => (settled = true),
  );
  const timer = setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const subscription = token.onCancellationRequested(() => controller.abort());
      return quiet.finally(() => subscription.dispose());
    });
  }, PROGRESS_DELAY_MS);
  void quiet.then(() => clearTimeout(timer));
  return running;
};
