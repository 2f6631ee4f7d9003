import { createHash } from 'node:crypto';
import { AwsError } from './AwsError';
import type { JsonAnswer, JsonRequest } from './ssoOidcActions';
import { provisionedRoleArn } from './ssoSpecs';
import type { SsoTokenRecord } from './SsoState';
import { roleSession } from './stsActions';

/** Page size of ListAccounts and ListAccountRoles when max_result is not given. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest max_result the portal accepts. */
export const MAX_PAGE_SIZE = 100;

/**
 * GetRoleCredentials (GET /federation/credentials?role_name=&account_id=): credentials of the role
 * IAM Identity Center provisioned for the permission set, issued like STS credentials (they sign
 * requests to this endpoint) with the user's name as the session name.
 */
export function getRoleCredentials(request: JsonRequest): JsonAnswer {
  const { state, query } = request;
  const { signIn } = accessTokenOf(request);
  const roleName = requiredQuery(query, 'role_name', 'roleName');
  const accountId = requiredQuery(query, 'account_id', 'accountId');
  const { instance } = signIn;
  const assigned = instance.accountsById.get(accountId)?.roles.find((r) => r.name === roleName);
  if (!assigned) {
    throw new AwsError('ForbiddenException', 403, `No access: ${instance.userName} is not assigned the permission set ${roleName} in account ${accountId}.`);
  }
  const roleArn = provisionedRoleArn(instance.region, accountId, assigned);
  const role = state.role(roleArn);
  if (!role) throw new AwsError('ResourceNotFoundException', 404, `The role ${roleArn} that IAM Identity Center provisioned for ${roleName} no longer exists.`);
  const key = state.issueCredentials(roleSession(role, instance.userName, false), assigned.sessionDurationSeconds ?? 3600, 'GetRoleCredentials');
  return {
    roleCredentials: {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      sessionToken: key.sessionToken,
      expiration: key.expiresAt,
    },
  };
}

/** ListAccounts (GET /assignment/accounts?max_result=&next_token=): the accounts the user has a permission set in. */
export function listAccounts(request: JsonRequest): JsonAnswer {
  const { instance } = accessTokenOf(request).signIn;
  const { items, nextToken } = page(instance.accounts, request.query, `accounts ${instance.startUrl}`);
  return {
    accountList: items.map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress })),
    nextToken,
  };
}

/** ListAccountRoles (GET /assignment/roles?account_id=&max_result=&next_token=): the user's permission sets in one account. */
export function listAccountRoles(request: JsonRequest): JsonAnswer {
  const { instance } = accessTokenOf(request).signIn;
  const accountId = requiredQuery(request.query, 'account_id', 'accountId');
  const account = instance.accountsById.get(accountId);
  if (!account) throw new AwsError('ResourceNotFoundException', 404, `Account ${accountId} has no permission set assigned to ${instance.userName}.`);
  const { items, nextToken } = page(account.roles, request.query, `roles ${instance.startUrl} ${accountId}`);
  return { roleList: items.map((r) => ({ roleName: r.name, accountId })), nextToken };
}

/** Logout (POST /logout): ends the sign-in of the access token; its access and refresh tokens stop working. */
export function logout(request: JsonRequest): JsonAnswer {
  const token = accessTokenOf(request);
  request.state.sso.signOut(token.signIn);
  return undefined;
}

/** The valid access token of the request; UnauthorizedException (401) with the reason otherwise. */
function accessTokenOf({ state, bearerToken }: JsonRequest): SsoTokenRecord {
  const unauthorized = (reason: string) => new AwsError('UnauthorizedException', 401, `Session token not found or invalid: ${reason}`);
  if (!bearerToken) throw unauthorized('the request has no access token (header x-amz-sso_bearer_token).');
  const token = state.sso.token(bearerToken);
  if (!token || token.kind !== 'accessToken') throw unauthorized('this endpoint did not issue that access token.');
  const problem = state.sso.tokenProblem(token);
  if (problem === 'expired') throw unauthorized(`the access token expired at ${new Date(token.expiresAt).toISOString()}.`);
  if (problem !== undefined) throw unauthorized('the access token was revoked (signed out).');
  return token;
}

/** One page of `items` from max_result and next_token; `scope` ties a token to the list it came from. */
function page<T>(items: readonly T[], query: URLSearchParams, scope: string): { items: T[]; nextToken?: string } {
  const raw = query.get('max_result');
  const size = raw === null ? DEFAULT_PAGE_SIZE : Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new AwsError('InvalidRequestException', 400, `The maxResults ${raw} is not an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const fingerprint = createHash('sha256').update(scope).digest('hex').slice(0, 12);
  const offset = offsetOf(query.get('next_token'), fingerprint);
  const end = Math.min(items.length, offset + size);
  return { items: items.slice(offset, end), nextToken: end < items.length ? Buffer.from(`${end}:${fingerprint}`).toString('base64url') : undefined };
}

function offsetOf(nextToken: string | null, fingerprint: string): number {
  if (nextToken === null) return 0;
  const match = /^(\d+):([0-9a-f]{12})$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
  if (!match || match[2] !== fingerprint) throw new AwsError('InvalidRequestException', 400, 'The nextToken is not one this endpoint returned for this list.');
  return Number(match[1]);
}

function requiredQuery(query: URLSearchParams, name: string, member: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw new AwsError('InvalidRequestException', 400, `The request is missing ${member} (query parameter ${name}).`);
  return value;
}
