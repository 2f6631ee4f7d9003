// The build-time constants of the bundles (esbuild `define`), shared by scripts/build.mjs and the
// test that checks a release bundle has no test hook (test/package.test.ts).

/**
 * `AWS_PROFILES_TEST_HOOKS` (src/console/consoleSignIn.ts, src/guard/testClock.ts): true where the test
 * endpoints' variables and the guards' test clock are honoured (the test and development bundles),
 * false in a release, whose minifier then drops them.
 * @param {{ testHooks: boolean }} o
 */
export function buildDefines(o) {
  return { AWS_PROFILES_TEST_HOOKS: o.testHooks ? 'true' : 'false' };
}
