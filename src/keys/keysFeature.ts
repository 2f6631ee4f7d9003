// The long-term keys, loaded on first use (dist/feature-keys.js, see lazyKeys.ts): the items under a
// profile with keys and what IAM says of its key, the rotation, and its VS Code prompts.
export { KeyInspector } from './keyInspector';
export { KeyNodes } from './keyNodes';
export { rotateAccessKey } from './keyRotation';
export { createRotationUi, offerRotation } from './rotationPrompts';

