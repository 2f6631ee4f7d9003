// IAM Identity Center, loaded on first use (dist/feature-sso.js, see lazySso.ts): the token
// service and its sign-in flows, the VS Code prompts, and the commands that list accounts and roles.
export { SsoTokens } from './ssoTokens';
export { addSsoProfiles, pickSession } from './ssoCommands';
export { createSsoSignInUi } from './ssoPrompts';
