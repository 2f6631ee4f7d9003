// Setting up profiles (issue 21), loaded on first use (dist/feature-setup.js, see lazySetup.ts): the
// commands that add, edit, rename and delete profiles, and "How to Fix…" of a refused AssumeRole.
export { addUserKeys } from './addUserKeys';
export { addRoleProfile } from './addRoleProfile';
export { deleteProfile, editProfile, renameProfile } from './editProfile';
export { reportAssumeDenied, showAssumeRoleFix } from './assumeDenied';
export { addSsoSession } from './addSsoSession';
