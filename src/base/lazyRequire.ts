// The one loader of the bundles that activation does not need (scripts/build.mjs lists them): the
// AWS SDK clients (dist/sdk-*.js, see src/aws/sdkLoader.ts) and the features required on first use
// (dist/feature-*.js: commands/lazyCommands.ts, sso/lazySso.ts, terminals/lazyTerminalSupport.ts,
// debug/lazyDebug.ts, guard/lazyGuard.ts, and the error sentences in aws/sdkLoader.ts).

/**
 * A bundle of its own next to the activation bundle (`fromBundle`: a literal require, which esbuild
 * keeps external), else, under tsx (tests and the bench from source) where there is no such file,
 * the TypeScript source (`fromSource`: a computed path, which esbuild leaves alone). Any other
 * failure to load the bundle is thrown, a shared chunk it requires that is missing among them (Node
 * names the bundle in that error's require stack, not in its first line).
 */
export function requireBuilt<T>(bundle: string, fromBundle: () => unknown, fromSource: () => unknown): T {
  try {
    return fromBundle() as T;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).split('\n')[0].includes(`${bundle}.js`)) throw e;
  }
  return fromSource() as T;
}
