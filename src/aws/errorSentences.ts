// The sentences for failed STS, EC2, IAM and IAM Identity Center calls, bundled on their own
// (dist/feature-errors.js) and required on the first failure (loadErrorSentences in sdkLoader.ts):
// a window where nothing fails never loads them.
export { translateEc2Error } from './ec2/ec2Errors';
export { translateIamError } from './iam/iamErrors';
export { translateSsoError } from './sso/ssoErrors';
export { translateStsError } from './sts/stsErrors';
