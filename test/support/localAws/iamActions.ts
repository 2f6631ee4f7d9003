import { AwsError } from './AwsError';
import { KEY_ACTIONS, handleIamKeyAction } from './iamKeyActions';
import { isDenied } from './LocalAwsState';
import type { ActionRequest } from './stsActions';
import { type XmlNode, renderDocument } from './xml';

/** The IAM API version this endpoint speaks. */
export const IAM_VERSION = '2010-05-08';
const IAM_NAMESPACE = `https://iam.amazonaws.com/doc/${IAM_VERSION}/`;

/** When every seeded MFA device was enabled (IAM's EnableDate). */
const ENABLED = '2024-01-15T09:30:00Z';

/** Answers one IAM action (ListMFADevices, and the access-key actions of iamKeyActions.ts), or throws an AwsError in IAM's terms. */
export function handleIamAction(request: ActionRequest): string {
  if (KEY_ACTIONS.has(request.action)) return handleIamKeyAction(request);
  if (request.action !== 'ListMFADevices') throw new AwsError('InvalidAction', 400, `Could not find operation ${request.action} for version ${IAM_VERSION}`);
  return listMfaDevices(request);
}

/**
 * ListMFADevices: the devices of the user named by UserName, else of the calling user (its long-term
 * key, or a GetSessionToken session of it). Like IAM, a role session must name a user, and a user may
 * list only its own devices unless allowed more (here: never).
 */
function listMfaDevices(request: ActionRequest): string {
  const caller = request.caller!.identity;
  const named = request.params.get('UserName');
  if (named === undefined && caller.user === undefined) {
    throw new AwsError('ValidationError', 400, 'Must specify userName when calling with non-User credentials');
  }
  const target = named ?? caller.user!.name;
  const resource = `arn:aws:iam::${caller.accountId}:user/${target}`;
  if (isDenied(caller, 'iam:ListMFADevices') || (caller.user !== undefined && target !== caller.user.name) || caller.user === undefined) {
    throw new AwsError('AccessDenied', 403, `User: ${caller.arn} is not authorized to perform: iam:ListMFADevices on resource: ${resource} because no identity-based policy allows the iam:ListMFADevices action`);
  }
  const devices: XmlNode[] = caller.user.mfaDevices.map((serial) => ['member', [['UserName', target], ['SerialNumber', serial], ['EnableDate', ENABLED]]] as const);
  return renderDocument('ListMFADevicesResponse', IAM_NAMESPACE, [
    ['ListMFADevicesResult', [['IsTruncated', false], ['MFADevices', devices]]],
    ['ResponseMetadata', [['RequestId', request.requestId]]],
  ]);
}

/** The IAM error document: the Query protocol's, as STS's. */
export function renderIamError(error: AwsError, requestId: string): string {
  return renderDocument('ErrorResponse', IAM_NAMESPACE, [
    ['Error', [['Type', error.type], ['Code', error.code], ['Message', error.message]]],
    ['RequestId', requestId],
  ]);
}
