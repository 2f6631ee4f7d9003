import { createHash } from 'node:crypto';
import { AwsError } from './AwsError';
import { type Ec2Instance, INSTANCE_STATE_CODES, isDenied } from './LocalAwsState';
import { type ActionRequest } from './stsActions';
import { type XmlNode, renderDocument, renderXml } from './xml';

/** The EC2 API version this endpoint speaks. */
export const EC2_VERSION = '2016-11-15';
const EC2_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`;

/** Answers one EC2 action with the response document, or throws an AwsError in EC2's terms. */
export function handleEc2Action(request: ActionRequest): string {
  if (request.action !== 'DescribeInstances') {
    throw new AwsError('InvalidAction', 400, `The action ${request.action} is not valid for this web service.`);
  }
  return describeInstances(request);
}

/** The EC2 error document (`Response/Errors/Error/{Code,Message}` + `RequestID`). */
export function renderEc2Error(error: AwsError, requestId: string): string {
  const body = renderXml([
    ['Errors', [['Error', [['Code', error.code], ['Message', error.message]]]]],
    ['RequestID', requestId],
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${body}</Response>`;
}

/** How EC2 names the authentication failures that STS reports as SignatureDoesNotMatch, ExpiredToken… */
export function toEc2AuthError(error: AwsError): AwsError {
  switch (error.code) {
    case 'SignatureDoesNotMatch':
      return error.message.startsWith('Signature') ? new AwsError('RequestExpired', 400, `Request has expired. ${error.message}`) : authFailure();
    case 'InvalidClientTokenId':
      return authFailure();
    case 'ExpiredToken':
      return new AwsError('RequestExpired', 400, 'Request has expired.');
    default:
      return error;
  }
}

function authFailure(): AwsError {
  return new AwsError('AuthFailure', 401, 'AWS was not able to validate the provided access credentials');
}

function describeInstances(request: ActionRequest): string {
  const { state, params, region } = request;
  const caller = request.caller!.identity;
  if (isDenied(caller, 'ec2:DescribeInstances')) {
    throw new AwsError(
      'UnauthorizedOperation',
      403,
      `You are not authorized to perform this operation. User: ${caller.arn} is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action`,
    );
  }
  if (state.isRegionDisabled(caller.accountId, region)) {
    throw new AwsError('OptInRequired', 403, 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.');
  }
  if (params.get('DryRun') === 'true') {
    throw new AwsError('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
  }
  const instanceIds = listParam(params, 'InstanceId');
  const maxResults = maxResultsOf(params, instanceIds.length > 0);
  const filters = filtersOf(params);
  const all = state.instances(caller.accountId, region);
  const missing = instanceIds.filter((id) => !all.some((i) => i.instanceId === id));
  if (missing.length > 0) {
    throw new AwsError('InvalidInstanceID.NotFound', 400, `The instance IDs '${missing.join(', ')}' do not exist`);
  }
  const matching = all.filter(
    (i) => (instanceIds.length === 0 || instanceIds.includes(i.instanceId)) && filters.every((f) => f(i)),
  );
  const fingerprint = createHash('sha256').update(`${caller.accountId}/${region}/${[...params].filter(([k]) => k.startsWith('Filter.')).join('&')}`).digest('hex').slice(0, 12);
  const offset = offsetOf(params.get('NextToken'), fingerprint);
  const end = maxResults === undefined ? matching.length : Math.min(matching.length, offset + maxResults);
  const page = matching.slice(offset, end);
  const nextToken = end < matching.length ? Buffer.from(`${end}:${fingerprint}`).toString('base64url') : undefined;
  return renderDocument('DescribeInstancesResponse', EC2_NAMESPACE, [
    ['requestId', request.requestId],
    ['reservationSet', reservations(page, caller.accountId)],
    ['nextToken', nextToken],
  ]);
}

function reservations(instances: readonly Ec2Instance[], ownerId: string): XmlNode[] {
  const groups: { id: string; instances: Ec2Instance[] }[] = [];
  for (const instance of instances) {
    const id = instance.reservationId ?? `r-${instance.instanceId.replace(/^i-/, '')}`;
    const last = groups[groups.length - 1];
    if (last && last.id === id) last.instances.push(instance);
    else groups.push({ id, instances: [instance] });
  }
  return groups.map((g): XmlNode => [
    'item',
    [
      ['reservationId', g.id],
      ['ownerId', ownerId],
      ['groupSet', []],
      ['instancesSet', g.instances.map((i): XmlNode => ['item', instanceXml(i)])],
    ],
  ]);
}

function instanceXml(i: Ec2Instance): XmlNode[] {
  const tags = Object.entries(i.tags ?? {});
  const region = i.availabilityZone.replace(/[a-z]$/, '');
  return [
    ['instanceId', i.instanceId],
    ['imageId', i.imageId ?? 'ami-0123456789abcdef0'],
    ['instanceState', [['code', INSTANCE_STATE_CODES[i.state]], ['name', i.state]]],
    ['privateDnsName', i.privateIpAddress ? `ip-${i.privateIpAddress.replace(/\./g, '-')}.${region}.compute.internal` : ''],
    ['dnsName', ''],
    ['amiLaunchIndex', 0],
    ['instanceType', i.instanceType],
    ['launchTime', i.launchTime ?? '2024-01-15T09:30:00.000Z'],
    ['placement', [['availabilityZone', i.availabilityZone], ['groupName', ''], ['tenancy', 'default']]],
    ['monitoring', [['state', 'disabled']]],
    ['privateIpAddress', i.privateIpAddress],
    ['ipAddress', i.publicIpAddress],
    ['architecture', 'x86_64'],
    ['rootDeviceType', 'ebs'],
    ['tagSet', tags.length > 0 ? tags.map(([key, value]): XmlNode => ['item', [['key', key], ['value', value]]]) : undefined],
  ];
}

/** Values of an EC2 list parameter (`Name.1`, `Name.2`…), in index order. */
function listParam(params: ReadonlyMap<string, string>, prefix: string): string[] {
  const values: string[] = [];
  for (let n = 1; params.has(`${prefix}.${n}`); n++) values.push(params.get(`${prefix}.${n}`)!);
  return values;
}

function maxResultsOf(params: ReadonlyMap<string, string>, hasInstanceIds: boolean): number | undefined {
  const raw = params.get('MaxResults');
  if (raw === undefined) return undefined;
  if (hasInstanceIds) {
    throw new AwsError('InvalidParameterCombination', 400, 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 5 || value > 1000) {
    throw new AwsError(
      'InvalidParameterValue',
      400,
      `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  return value;
}

function offsetOf(token: string | undefined, fingerprint: string): number {
  if (token === undefined || token === '') return 0;
  const [offset, print] = Buffer.from(token, 'base64url').toString().split(':');
  const value = Number(offset);
  if (print !== fingerprint || !Number.isInteger(value) || value < 0) {
    throw new AwsError('InvalidParameterValue', 400, `Invalid value '${token}' for nextToken (it belongs to another query or is malformed).`);
  }
  return value;
}

type InstanceFilter = (instance: Ec2Instance) => boolean;

function filtersOf(params: ReadonlyMap<string, string>): InstanceFilter[] {
  const filters: InstanceFilter[] = [];
  for (let n = 1; params.has(`Filter.${n}.Name`); n++) {
    const name = params.get(`Filter.${n}.Name`)!;
    const patterns = listParam(params, `Filter.${n}.Value`).map(globToRegExp);
    const field = fieldOf(name);
    filters.push((instance) => field(instance).some((v) => patterns.some((p) => p.test(v))));
  }
  return filters;
}

/** The values of an instance a filter name compares against. */
function fieldOf(name: string): (i: Ec2Instance) => string[] {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (i) => (i.tags && key in i.tags ? [i.tags[key]!] : []);
  }
  switch (name) {
    case 'instance-id':
      return (i) => [i.instanceId];
    case 'instance-type':
      return (i) => [i.instanceType];
    case 'instance-state-name':
      return (i) => [i.state];
    case 'instance-state-code':
      return (i) => [String(INSTANCE_STATE_CODES[i.state])];
    case 'availability-zone':
      return (i) => [i.availabilityZone];
    case 'private-ip-address':
      return (i) => (i.privateIpAddress ? [i.privateIpAddress] : []);
    case 'ip-address':
      return (i) => (i.publicIpAddress ? [i.publicIpAddress] : []);
    case 'image-id':
      return (i) => [i.imageId ?? 'ami-0123456789abcdef0'];
    case 'tag-key':
      return (i) => Object.keys(i.tags ?? {});
    case 'tag-value':
      return (i) => Object.values(i.tags ?? {});
    default:
      throw new AwsError('InvalidParameterValue', 400, `The filter '${name}' is invalid`);
  }
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${source}$`);
}
