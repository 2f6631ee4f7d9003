import { AwsError } from './AwsError';
import { type AccessKey, type Identity, type LocalAwsState, type RoleSpec, isDenied, parseIamArn, stableId } from './LocalAwsState';
import { type XmlNode, renderDocument } from './xml';

/** The STS API version this endpoint speaks. */
export const STS_VERSION = '2011-06-15';
const STS_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;

/** STS actions that are called without a signature. */
export const UNSIGNED_STS_ACTIONS: ReadonlySet<string> = new Set(['AssumeRoleWithWebIdentity']);

/** Everything an action handler needs about one request. */
export interface ActionRequest {
  readonly state: LocalAwsState;
  readonly action: string;
  readonly params: ReadonlyMap<string, string>;
  /** The verified key that signed the request; undefined for unsigned actions. */
  readonly caller: AccessKey | undefined;
  /** The region from the signature's credential scope (or the default region when unsigned). */
  readonly region: string;
  readonly requestId: string;
}

/** Answers one STS action with the response document, or throws an AwsError in STS's terms. */
export function handleStsAction(request: ActionRequest): string {
  switch (request.action) {
    case 'GetCallerIdentity':
      return respond(request, [
        ['Arn', callerOf(request).identity.arn],
        ['UserId', callerOf(request).identity.userId],
        ['Account', callerOf(request).identity.accountId],
      ]);
    case 'AssumeRole':
      return assumeRole(request);
    case 'GetSessionToken':
      return getSessionToken(request);
    case 'GetFederationToken':
      return getFederationToken(request);
    case 'AssumeRoleWithWebIdentity':
      return assumeRoleWithWebIdentity(request);
    default:
      throw new AwsError('InvalidAction', 400, `Could not find operation ${request.action} for version ${STS_VERSION}`);
  }
}

function assumeRole(request: ActionRequest): string {
  const { state, params } = request;
  const caller = callerOf(request).identity;
  const roleArn = required(params, 'RoleArn', 'roleArn');
  const sessionName = sessionNameOf(params);
  const role = state.role(roleArn);
  const denied = new AwsError(
    'AccessDenied',
    403,
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
  if (!role || !mayAssume(role, caller)) throw denied;
  if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId) throw denied;
  const hasValidCode = checkMfaCode(state, params);
  const isMfaAuthenticated = hasValidCode || caller.isMfaAuthenticated;
  if ((role.mfa || role.requireMfa) && !isMfaAuthenticated) throw denied;
  const roleAccount = parseIamArn(role.arn).accountId;
  if (state.isRegionDisabled(roleAccount, request.region)) throw regionDisabled(roleAccount);

  const maxDuration = caller.isRoleSession ? 3600 : (role.maxSessionDurationSeconds ?? 3600);
  const duration = durationOf(params, 3600, 900, 43200);
  if (duration > maxDuration) {
    throw new AwsError(
      'ValidationError',
      400,
      caller.isRoleSession
        ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
        : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const credentials = state.issueCredentials(roleSession(role, sessionName, isMfaAuthenticated), duration, 'AssumeRole', { isRoleChained: caller.isRoleSession });
  return respond(request, [
    ['AssumedRoleUser', assumedRoleUser(credentials.identity)],
    ['Credentials', credentialsXml(credentials)],
    ['PackedPolicySize', params.has('Policy') ? 6 : undefined],
  ]);
}

function getSessionToken(request: ActionRequest): string {
  const { state, params } = request;
  const caller = callerOf(request);
  if (caller.issuedBy !== undefined) {
    throw new AwsError('AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
  }
  const hasValidCode = checkMfaCode(state, params, 'GetSessionToken');
  const duration = durationOf(params, 43200, 900, 129600);
  const identity: Identity = { ...caller.identity, isMfaAuthenticated: hasValidCode };
  const credentials = state.issueCredentials(identity, duration, 'GetSessionToken');
  return respond(request, [['Credentials', credentialsXml(credentials)]]);
}

/**
 * GetFederationToken: credentials of a federated user (`arn:aws:sts::ACCOUNT:federated-user/NAME`)
 * for an IAM user's long-term key. As with AWS, without Policy or PolicyArns the federated user has
 * no permissions, and whatever the policy, it may call no STS action but GetCallerIdentity.
 */
function getFederationToken(request: ActionRequest): string {
  const { state, params } = request;
  const caller = callerOf(request);
  if (caller.issuedBy !== undefined) {
    throw new AwsError('AccessDenied', 403, 'Cannot call GetFederationToken with session credentials');
  }
  const name = validName(params, 'Name', 'name', 32);
  const duration = durationOf(params, 43200, 900, 129600);
  const user = caller.identity;
  const arn = `arn:aws:sts::${user.accountId}:federated-user/${name}`;
  if (isDenied(user, 'sts:GetFederationToken')) {
    throw new AwsError('AccessDenied', 403, `User: ${user.arn} is not authorized to perform: sts:GetFederationToken on resource: ${arn}`);
  }
  const hasPolicy = params.has('Policy') || [...params.keys()].some((key) => key.startsWith('PolicyArns.member.'));
  const identity: Identity = {
    accountId: user.accountId,
    arn,
    userId: `${user.accountId}:${name}`,
    principalArn: arn,
    isRoleSession: false,
    isMfaAuthenticated: false,
    deniedActions: hasPolicy ? [...user.deniedActions, 'sts:AssumeRole'] : ['*'],
  };
  const credentials = state.issueCredentials(identity, duration, 'GetFederationToken');
  return respond(request, [
    ['Credentials', credentialsXml(credentials)],
    [
      'FederatedUser',
      [
        ['FederatedUserId', identity.userId],
        ['Arn', identity.arn],
      ],
    ],
    ['PackedPolicySize', hasPolicy ? 6 : undefined],
  ]);
}

function assumeRoleWithWebIdentity(request: ActionRequest): string {
  const { state, params } = request;
  const roleArn = required(params, 'RoleArn', 'roleArn');
  const sessionName = sessionNameOf(params);
  const token = required(params, 'WebIdentityToken', 'webIdentityToken');
  const role = state.role(roleArn);
  if (!role || role.webIdentityTokens === undefined) {
    throw new AwsError('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  }
  if (!role.webIdentityTokens.includes(token)) {
    throw new AwsError('InvalidIdentityToken', 400, 'The web identity token that was passed could not be validated by AWS.');
  }
  const roleAccount = parseIamArn(role.arn).accountId;
  if (state.isRegionDisabled(roleAccount, request.region)) throw regionDisabled(roleAccount);
  const duration = durationOf(params, 3600, 900, 43200);
  if (duration > (role.maxSessionDurationSeconds ?? 3600)) {
    throw new AwsError('ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const credentials = state.issueCredentials(roleSession(role, sessionName, false), duration, 'AssumeRoleWithWebIdentity');
  return respond(request, [
    ['SubjectFromWebIdentityToken', stableId('sub-', token).toLowerCase()],
    ['Audience', 'sts.amazonaws.com'],
    ['AssumedRoleUser', assumedRoleUser(credentials.identity)],
    ['Credentials', credentialsXml(credentials)],
    ['Provider', 'localhost'],
  ]);
}

/** True when the role's trust policy names the caller (its user or role ARN, its account root, or '*'). */
function trusts(role: RoleSpec, caller: Identity): boolean {
  const root = `arn:aws:iam::${caller.accountId}:root`;
  return role.trustedPrincipals.some((p) => p === '*' || p === caller.principalArn || p === root);
}

/**
 * Both halves of a role's trust, as IAM evaluates them: the trust policy must name the caller, and
 * the caller's identity policy must allow sts:AssumeRole on the role, except in the role's own
 * account, where a trust policy naming the caller itself (not just its account) is enough. A denied
 * action denies whatever the rest says.
 */
function mayAssume(role: RoleSpec, caller: Identity): boolean {
  if (isDenied(caller, 'sts:AssumeRole') || !trusts(role, caller)) return false;
  const identityAllows = caller.assumableRoles === undefined || caller.assumableRoles.includes(role.arn);
  const namesCaller = role.trustedPrincipals.includes(caller.principalArn);
  return identityAllows || (parseIamArn(role.arn).accountId === caller.accountId && namesCaller);
}

/**
 * Checks SerialNumber + TokenCode when given: true when valid, AccessDenied when not (with STS's own
 * wording: AssumeRole's for a wrong code, GetSessionToken's for a code it cannot match), false when absent.
 */
function checkMfaCode(state: LocalAwsState, params: ReadonlyMap<string, string>, action: 'AssumeRole' | 'GetSessionToken' = 'AssumeRole'): boolean {
  const serialNumber = params.get('SerialNumber');
  const tokenCode = params.get('TokenCode');
  if (serialNumber === undefined && tokenCode === undefined) return false;
  if (serialNumber === undefined || tokenCode === undefined) {
    throw new AwsError('AccessDenied', 403, 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.');
  }
  if (!/^\d{6}$/.test(tokenCode)) {
    throw new AwsError(
      'ValidationError',
      400,
      "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    );
  }
  if (!state.isValidMfaCode(serialNumber, tokenCode)) {
    if (action === 'GetSessionToken') {
      throw new AwsError('AccessDenied', 403, 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.');
    }
    throw new AwsError('AccessDenied', 403, 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
  }
  return true;
}

/** The identity of a session of `role` (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`), as AssumeRole and GetRoleCredentials issue it. */
export function roleSession(role: RoleSpec, sessionName: string, isMfaAuthenticated: boolean): Identity {
  const { accountId, name } = parseIamArn(role.arn);
  return {
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${name}/${sessionName}`,
    userId: `${stableId('AROA', role.arn)}:${sessionName}`,
    principalArn: role.arn,
    isRoleSession: true,
    isMfaAuthenticated,
    deniedActions: role.deniedActions ?? [],
  };
}

function assumedRoleUser(identity: Identity): XmlNode[] {
  return [
    ['Arn', identity.arn],
    ['AssumedRoleId', identity.userId],
  ];
}

function credentialsXml(key: AccessKey): XmlNode[] {
  return [
    ['AccessKeyId', key.accessKeyId],
    ['SecretAccessKey', key.secretAccessKey],
    ['SessionToken', key.sessionToken],
    ['Expiration', new Date(key.expiresAt!).toISOString().replace(/\.\d{3}Z$/, 'Z')],
  ];
}

function respond(request: ActionRequest, result: XmlNode[]): string {
  return renderDocument(`${request.action}Response`, STS_NAMESPACE, [
    [`${request.action}Result`, result],
    ['ResponseMetadata', [['RequestId', request.requestId]]],
  ]);
}

/** The STS error document (`ErrorResponse/Error/{Type,Code,Message}` + `RequestId`). */
export function renderStsError(error: AwsError, requestId: string): string {
  return renderDocument('ErrorResponse', STS_NAMESPACE, [
    [
      'Error',
      [
        ['Type', error.type],
        ['Code', error.code],
        ['Message', error.message],
      ],
    ],
    ['RequestId', requestId],
  ]);
}

function regionDisabled(accountId: string): AwsError {
  return new AwsError(
    'RegionDisabledException',
    403,
    `STS is not activated in this region for account:${accountId}. Your account administrator can activate STS in this region using the IAM Console.`,
  );
}

function callerOf(request: ActionRequest): AccessKey {
  if (!request.caller) throw new AwsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  return request.caller;
}

function required(params: ReadonlyMap<string, string>, name: string, member: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') {
    throw new AwsError('ValidationError', 400, `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function sessionNameOf(params: ReadonlyMap<string, string>): string {
  return validName(params, 'RoleSessionName', 'roleSessionName', 64);
}

/** A required name of 2 to `maxLength` characters from [\w+=,.@-] (role session names, federated user names). */
function validName(params: ReadonlyMap<string, string>, param: string, member: string, maxLength: number): string {
  const name = required(params, param, member);
  const failed = (constraint: string) =>
    new AwsError('ValidationError', 400, `1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must ${constraint}`);
  if (name.length < 2) throw failed('have length greater than or equal to 2');
  if (name.length > maxLength) throw failed(`have length less than or equal to ${maxLength}`);
  if (!/^[\w+=,.@-]+$/.test(name)) throw failed('satisfy regular expression pattern: [\\w+=,.@-]*');
  return name;
}

function durationOf(params: ReadonlyMap<string, string>, fallback: number, min: number, max: number): number {
  const raw = params.get('DurationSeconds');
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const bound = Number.isInteger(value) && value > max ? `less than or equal to ${max}` : `greater than or equal to ${min}`;
    throw new AwsError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
  return value;
}
