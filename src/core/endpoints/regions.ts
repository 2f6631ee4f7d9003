/** An AWS region: its code, the name AWS gives it, and its partition. */
export interface Region {
  code: string;
  name: string;
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
}

/**
 * The public regions of the three public partitions, as the AWS console names them (the commercial
 * ones first, in AWS's order). Marked pure: a bundle that uses only isRegionName leaves the table out.
 */
// l10n-ignore-start: AWS's own names of its regions, as its APIs and documentation give them
export const REGIONS: readonly Region[] = /* @__PURE__ */ [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-east-2', 'US East (Ohio)'],
  ['us-west-1', 'US West (N. California)'],
  ['us-west-2', 'US West (Oregon)'],
  ['af-south-1', 'Africa (Cape Town)'],
  ['ap-east-1', 'Asia Pacific (Hong Kong)'],
  ['ap-east-2', 'Asia Pacific (Taipei)'],
  ['ap-south-1', 'Asia Pacific (Mumbai)'],
  ['ap-south-2', 'Asia Pacific (Hyderabad)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
  ['ap-southeast-2', 'Asia Pacific (Sydney)'],
  ['ap-southeast-3', 'Asia Pacific (Jakarta)'],
  ['ap-southeast-4', 'Asia Pacific (Melbourne)'],
  ['ap-southeast-5', 'Asia Pacific (Malaysia)'],
  ['ap-southeast-7', 'Asia Pacific (Thailand)'],
  ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-northeast-3', 'Asia Pacific (Osaka)'],
  ['ca-central-1', 'Canada (Central)'],
  ['ca-west-1', 'Canada West (Calgary)'],
  ['eu-central-1', 'Europe (Frankfurt)'],
  ['eu-central-2', 'Europe (Zurich)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['eu-west-2', 'Europe (London)'],
  ['eu-west-3', 'Europe (Paris)'],
  ['eu-south-1', 'Europe (Milan)'],
  ['eu-south-2', 'Europe (Spain)'],
  ['eu-north-1', 'Europe (Stockholm)'],
  ['il-central-1', 'Israel (Tel Aviv)'],
  ['me-south-1', 'Middle East (Bahrain)'],
  ['me-central-1', 'Middle East (UAE)'],
  ['mx-central-1', 'Mexico (Central)'],
  ['sa-east-1', 'South America (São Paulo)'],
  ['cn-north-1', 'China (Beijing)'],
  ['cn-northwest-1', 'China (Ningxia)'],
  ['us-gov-west-1', 'AWS GovCloud (US-West)'],
  ['us-gov-east-1', 'AWS GovCloud (US-East)'],
].map(([code, name]) => ({ code, name, partition: partitionOfRegion(code) as Region['partition'] }));
// l10n-ignore-end

/** Whether text is a region name (lower-case letters, digits and dashes, such as eu-west-1). */
export function isRegionName(text: string): boolean {
  return /^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(text);
}

/** The partition of a region: aws-cn for China, aws-us-gov for GovCloud, the ISO partitions by prefix, else aws. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  return 'aws';
}
