import { requireBuilt } from '../base/lazyRequire';
import type * as DebugFeature from './debugFeature';

/** Debug sessions acting as a profile and launch.json completion (dist/feature-debug.js, or debugFeature.ts under tsx), required on the first launch or completion. */
export function loadDebugFeature(): typeof DebugFeature {
  return requireBuilt('feature-debug', () => require('./feature-debug.js'), () => require(['.', 'debugFeature'].join('/')));
}
