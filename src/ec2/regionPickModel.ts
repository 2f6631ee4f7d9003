import { EC2_REGIONS, isRegionName } from './instanceList';
import * as l10n from '@vscode/l10n';

/** One row of "Change Region…". `region` undefined: back to the profile's own region. */
export interface RegionRow {
  region: string | undefined;
  label: string;
  description?: string;
}

/**
 * The rows of "Change Region…": "Profile's region" first, then the commercial regions; a region
 * name typed that is not in the list comes first as a row of its own (text that is not a region
 * name gets none, so Enter on it is refused by InstanceNodes.setRegion with the reason).
 */
export function regionRows(options: { current?: string; profileRegion?: string; typed?: string }): RegionRow[] {
  const { current, profileRegion } = options;
  const rows: RegionRow[] = [];
  const typed = options.typed?.trim() ?? '';
  if (typed !== '' && isRegionName(typed) && !EC2_REGIONS.includes(typed)) rows.push({ region: typed, label: typed, description: l10n.t('typed region') });
  const own = [profileRegion ?? l10n.t('not set'), current === undefined ? 'current' : undefined].filter(Boolean).join(' · ');
  rows.push({ region: undefined, label: "Profile's region", description: own });
  for (const region of EC2_REGIONS) rows.push({ region, label: region, description: region === current ? 'current' : undefined });
  return rows;
}
