// The entry of dist/l10n.js: @vscode/l10n, the localised sentences of the parts that cannot import
// 'vscode' (the core, the gateways, the engine). scripts/build.mjs makes every other bundle require
// this one file, so that the translations given at activation (extension.ts) reach them all.
export * from '@vscode/l10n';
