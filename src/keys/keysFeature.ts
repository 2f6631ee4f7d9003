// The long-term keys, loaded on first use (dist/feature-keys.js, see lazyKeys.ts): the items under a
// profile with keys and what IAM says of its key, the rotation, and its VS Code prompts.
import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';
import { longTermKeyOf } from '../core/keys/accessKeys';
import { KeyInspector } from './keyInspector';
import { KeyNodes } from './keyNodes';
import type { StateStore } from '../core/credentials/credentials';
import type { KeyIamDeps } from './keyInspector';
import { offerRotation } from './rotationPrompts';

export { KeyInspector } from './keyInspector';
export { KeyNodes } from './keyNodes';
export { rotateAccessKey } from './keyRotation';
export { createRotationUi, offerRotation } from './rotationPrompts';

/** What the key items work with (built in activate(), held by lazyKeys.ts's LazyKeyNodes). */
export interface KeyFeatureDeps {
  iam: KeyIamDeps;
  state: StateStore;
  /** Tells the view a profile's key items changed. */
  changed(profile: string): void;
}

/** The calendar day of a time in this computer's zone (`2026-12-06`): reports of a key are kept for the day. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The key items of the Profiles view, asking IAM through a KeyInspector; a key past the limit offers its rotation once a day. */
export function createKeyNodes(deps: KeyFeatureDeps): KeyNodes {
  const { iam } = deps;
  const maxAgeDays = () => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('keys.maxAgeDays', SETTINGS.keysMaxAgeDays.default);
  const inspector = new KeyInspector(iam);
  const nodes = new KeyNodes({
    keyOf: (profile) => {
      const { model, plans } = iam.profiles();
      return longTermKeyOf(model, plans.get(profile), profile)?.accessKeyId;
    },
    inspect: (profile) => inspector.inspect(profile),
    state: deps.state,
    clock: iam.clock,
    maxAgeDays,
    dayOf: localDay,
    profiles: () => iam.profiles().model.profiles.keys(),
    logger: iam.logger,
  });
  nodes.onDidChange(deps.changed);
  nodes.onOldKey((profile, report) => void offerRotation(profile, report, iam.clock.now(), maxAgeDays(), (line) => iam.logger?.info(line)));
  return nodes;
}
