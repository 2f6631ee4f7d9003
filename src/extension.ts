import * as vscode from 'vscode';

/** Composition root: builds and wires everything the extension needs. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('AWS Profiles', { log: true });
  context.subscriptions.push(log);
  log.info(`activated in ${Math.round(performance.now() - started)} ms`);
}

/** Nothing to do: everything is disposed through context.subscriptions. */
export function deactivate(): void {}
