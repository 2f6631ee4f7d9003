// The manifest's ids in one typed place (no 'vscode' import): contributions.test.ts checks
// package.json against them, so the code and the manifest cannot drift.

/** Every command the extension registers, with its title as package.json declares it. */
// l10n-ignore-start: the manifest's titles, localised through package.nls.json (contributions.test.ts compares them)
export const COMMANDS = {
  selectProfile: { id: 'awsProfiles.selectProfile', title: 'Select Active Profile…', palette: true },
  assumeRole: { id: 'awsProfiles.assumeRole', title: 'Assume Role…', palette: true },
  refreshCredentials: { id: 'awsProfiles.refreshCredentials', title: 'Refresh Credentials', palette: true },
  openTerminal: { id: 'awsProfiles.openTerminal', title: 'Open Terminal with Profile…', palette: true },
  copyEnvironment: { id: 'awsProfiles.copyEnvironment', title: 'Copy Environment Exports…', palette: true },
  showCallerIdentity: { id: 'awsProfiles.showCallerIdentity', title: 'Show Caller Identity…', palette: true },
  openConsole: { id: 'awsProfiles.openConsole', title: 'Open Console as Profile…', palette: true },
  clearCredentials: { id: 'awsProfiles.clearCredentials', title: 'Clear Credentials…', palette: true },
  clearAllCredentials: { id: 'awsProfiles.clearAllCredentials', title: 'Clear All Credentials', palette: true },
  openConfig: { id: 'awsProfiles.openConfig', title: 'Open Config File', palette: true },
  reload: { id: 'awsProfiles.reload', title: 'Reload Profiles', palette: true },
  ssoSignIn: { id: 'awsProfiles.ssoSignIn', title: 'Sign In to IAM Identity Center…', palette: true },
  ssoSignOut: { id: 'awsProfiles.ssoSignOut', title: 'Sign Out of IAM Identity Center…', palette: true },
  addSsoProfiles: { id: 'awsProfiles.addSsoProfiles', title: 'Add Profiles from IAM Identity Center…', palette: true },
  forgetDebugProfiles: { id: 'awsProfiles.forgetDebugProfiles', title: 'Forget Profiles Allowed in Launch Configurations', palette: true },
  addUserKeys: { id: 'awsProfiles.addUserKeys', title: 'Add IAM User Keys…', palette: true },
  addRoleProfile: { id: 'awsProfiles.addRoleProfile', title: 'Add Role Profile…', palette: true },
  editProfile: { id: 'awsProfiles.editProfile', title: 'Edit Profile…', palette: true },
  renameProfile: { id: 'awsProfiles.renameProfile', title: 'Rename Profile…', palette: true },
  deleteProfile: { id: 'awsProfiles.deleteProfile', title: 'Delete Profile…', palette: true },
  rotateAccessKeys: { id: 'awsProfiles.rotateAccessKeys', title: 'Rotate Access Keys…', palette: true },
  signInWithConsoleCredentials: { id: 'awsProfiles.signInWithConsoleCredentials', title: 'Sign In with Console Credentials…', palette: true },
  signOutOfConsoleCredentials: { id: 'awsProfiles.signOutOfConsoleCredentials', title: 'Sign Out of Console Credentials…', palette: true },
  replaceKeysWithConsoleSignIn: { id: 'awsProfiles.replaceKeysWithConsoleSignIn', title: 'Replace Access Keys with Console Sign-In…', palette: true },
  // Tree and welcome-view actions, hidden from the palette (they need the item they act on).
  setActiveProfile: { id: 'awsProfiles.setActiveProfile', title: 'Set as Active Profile', palette: false },
  openDefinition: { id: 'awsProfiles.openDefinition', title: 'Open Definition', palette: false },
  changeEc2Region: { id: 'awsProfiles.changeEc2Region', title: 'Change Region…', palette: false },
  refreshEc2Instances: { id: 'awsProfiles.refreshEc2Instances', title: 'Refresh', palette: false },
  copyInstanceId: { id: 'awsProfiles.copyInstanceId', title: 'Copy Instance ID', palette: false },
  loadMoreEc2Instances: { id: 'awsProfiles.loadMoreEc2Instances', title: 'Load More Instances', palette: false },
  // The quick fix that moves keys from the config file to the credentials file (and saves that file).
  moveKeysToCredentials: { id: 'awsProfiles.moveKeysToCredentials', title: 'Move Keys to the Credentials File', palette: false },
  refreshAccessKeys: { id: 'awsProfiles.refreshAccessKeys', title: 'Refresh', palette: false },
} as const;
// l10n-ignore-end

/** A command's key in COMMANDS. */
export type CommandName = keyof typeof COMMANDS;

/** The settings under `awsProfiles.*`, with their defaults. */
export const SETTINGS = {
  configFile: { key: 'awsProfiles.configFile', default: '' },
  credentialsFile: { key: 'awsProfiles.credentialsFile', default: '' },
  defaultSessionDuration: { key: 'awsProfiles.defaultSessionDuration', default: null },
  mfaSessionDuration: { key: 'awsProfiles.mfaSessionDuration', default: 43200 },
  refreshKeepFreshMinutes: { key: 'awsProfiles.refresh.keepFreshMinutes', default: 30 },
  terminalCredentials: { key: 'awsProfiles.terminal.credentials', default: 'endpoint' },
  terminalProfileFlag: { key: 'awsProfiles.terminal.profileFlag', default: 'cli' },
  debugInjectCredentials: { key: 'awsProfiles.debug.injectCredentials', default: true },
  ssoSignInFlow: { key: 'awsProfiles.sso.signInFlow', default: 'auto' },
  ssoWriteCliCache: { key: 'awsProfiles.sso.writeCliCache', default: false },
  guard: { key: 'awsProfiles.guard', default: [] as readonly unknown[] },
  defaultProfile: { key: 'awsProfiles.defaultProfile', default: '' },
  editorMaskSecrets: { key: 'awsProfiles.editor.maskSecrets', default: true },
  keysMaxAgeDays: { key: 'awsProfiles.keys.maxAgeDays', default: 90 },
  keysDeleteAfterRotate: { key: 'awsProfiles.keys.deleteAfterRotate', default: 'immediately' },
  loginWriteCliCache: { key: 'awsProfiles.login.writeCliCache', default: false },
} as const;

/** The languages of the two AWS files (package.json's contributes.languages). */
export const LANGUAGES = { config: 'aws-config', credentials: 'aws-credentials' } as const;

/** The settings section all keys live under. */
export const SETTINGS_SECTION = 'awsProfiles';

/** The activity-bar container and the one view in it. */
export const VIEW_CONTAINER_ID = 'awsProfiles';
export const PROFILES_VIEW_ID = 'awsProfiles.profiles';

/** Context key set while the extension found neither file (drives the welcome view). */
export const NO_FILES_CONTEXT = 'awsProfiles.noFiles';
/** Context key set once the first load finished (the welcome view waits for it). */
export const LOADED_CONTEXT = 'awsProfiles.loaded';
/** Context key set while the files hold no profile (the welcome view of issue 21). */
export const NO_PROFILES_CONTEXT = 'awsProfiles.noProfiles';
/** Context key set while some profile resolves to credentials: one a role profile can use as its source. */
export const CAN_SIGN_CONTEXT = 'awsProfiles.canSign';
