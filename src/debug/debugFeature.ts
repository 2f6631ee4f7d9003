// The debug sessions' part of the extension, bundled on its own (dist/feature-debug.js) and required
// on the first launch or launch.json completion (debug/lazyDebug.ts).
export { DebugCredentials } from './debugCredentials';
export { launchCompletionItems } from './launchCompletion';
