import { AwsError } from './AwsError';
import { type IamUser } from './IamKeys';
import { type Identity, isDenied } from './LocalAwsState';
import type { ActionRequest } from './stsActions';
import { type XmlNode, renderDocument } from './xml';

const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** The IAM actions on access keys this endpoint answers (issue 24). */
export const KEY_ACTIONS: ReadonlySet<string> = new Set(['ListAccessKeys', 'GetAccessKeyLastUsed', 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey']);

/**
 * One access-key action, for the user named by UserName or else the calling user, with IAM's rules:
 * a role session must name a user, a user may act on its own keys only, an action the user's policy
 * does not allow is AccessDenied, and a user whose policy requires MFA for IAM is refused (an explicit
 * deny) unless the call is made with an MFA session (GetSessionToken with a code).
 */
export function handleIamKeyAction(request: ActionRequest): string {
  const { state, action, params } = request;
  const caller = request.caller!.identity;
  if (action === 'GetAccessKeyLastUsed') {
    const id = required(params, 'AccessKeyId');
    const owner = state.iam.ownerOf(id);
    if (!owner) throw new AwsError('NoSuchEntity', 404, `The Access Key with id ${id} cannot be found.`);
    authorize(request, caller, owner);
    const used = state.iam.keyOf(owner, id).lastUsed;
    return respond(request, [
      ['UserName', owner.name],
      [
        'AccessKeyLastUsed',
        used ? [['LastUsedDate', iso(used.at)], ['ServiceName', used.service], ['Region', used.region]] : [['ServiceName', 'N/A'], ['Region', 'N/A']],
      ],
    ]);
  }
  const user = targetUser(request, caller);
  authorize(request, caller, user);
  switch (action) {
    case 'ListAccessKeys':
      return respond(request, [
        ['AccessKeyMetadata', user.keys.map((k) => ['member', [['UserName', user.name], ['AccessKeyId', k.accessKeyId], ['Status', k.status], ['CreateDate', iso(k.createdAt)]]] as const)],
        ['IsTruncated', false],
      ]);
    case 'CreateAccessKey': {
      const key = state.iam.create(user);
      return respond(request, [
        ['AccessKey', [['UserName', user.name], ['AccessKeyId', key.accessKeyId], ['Status', key.status], ['SecretAccessKey', key.secretAccessKey], ['CreateDate', iso(key.createdAt)]]],
      ]);
    }
    case 'UpdateAccessKey':
      state.iam.setStatus(user, required(params, 'AccessKeyId'), required(params, 'Status'));
      return respond(request, undefined);
    case 'DeleteAccessKey':
      state.iam.delete(user, required(params, 'AccessKeyId'));
      return respond(request, undefined);
    default:
      throw new AwsError('InvalidAction', 400, `Could not find operation ${action} for version 2010-05-08`);
  }
}

/** The user an action is about: UserName, else the calling user (a role session must name one). */
function targetUser(request: ActionRequest, caller: Identity): IamUser {
  const named = request.params.get('UserName');
  if (named === undefined) {
    const own = request.state.iam.userOf(caller);
    if (!own) throw new AwsError('ValidationError', 400, 'Must specify userName when calling with non-User credentials');
    return own;
  }
  const user = request.state.iam.byName(caller.accountId, named);
  if (!user) throw new AwsError('NoSuchEntity', 404, `The user with name ${named} cannot be found.`);
  return user;
}

/** What the caller's policies allow on a user's keys: its own only, the action not denied, MFA where the policy requires it. */
function authorize(request: ActionRequest, caller: Identity, user: IamUser): void {
  const resource = `arn:aws:iam::${user.identity.accountId}:user/${user.name}`;
  const own = caller.user !== undefined && caller.arn === user.arn;
  const who = `User: ${caller.arn} is not authorized to perform: iam:${request.action} on resource: ${resource}`;
  if (!own || isDenied(caller, `iam:${request.action}`)) throw new AwsError('AccessDenied', 403, `${who} because no identity-based policy allows the iam:${request.action} action`);
  if (user.iamRequiresMfa && !caller.isMfaAuthenticated) throw new AwsError('AccessDenied', 403, `${who} with an explicit deny in an identity-based policy`);
}

function required(params: ReadonlyMap<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') {
    throw new AwsError('ValidationError', 400, `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function respond(request: ActionRequest, result: readonly XmlNode[] | undefined): string {
  const children: XmlNode[] = [];
  if (result !== undefined) children.push([`${request.action}Result`, result]);
  children.push(['ResponseMetadata', [['RequestId', request.requestId]]]);
  return renderDocument(`${request.action}Response`, IAM_NAMESPACE, children);
}
