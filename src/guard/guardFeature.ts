// The guards' part of the extension, bundled on its own (dist/feature-guard.js) and required once a
// guard or a default profile is set, or a profile that looks like production is used (lazyGuard.ts).
export { ProfileGuard } from './profileGuard';
export { guardClock } from './testClock';
