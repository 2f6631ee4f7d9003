import { requireBuilt } from '../base/lazyRequire';
import type * as SetupFeature from './setupFeature';

/** The setup commands (dist/feature-setup.js, or setupFeature.ts under tsx), required when one first runs or an AssumeRole is first refused. */
export function loadSetupFeature(): typeof SetupFeature {
  return requireBuilt('feature-setup', () => require('./feature-setup.js'), () => require(['.', 'setupFeature'].join('/')));
}
