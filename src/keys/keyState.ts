/** The globalState key of the reports of keys kept for the day, by key id (ids, dates and counts: nothing secret). */
export const KEY_REPORTS_KEY = 'awsProfiles.keys.v1.reports';
/** The globalState key of the day the old-key notification was last shown. */
export const KEY_NOTIFIED_KEY = 'awsProfiles.keys.v1.notifiedDay';
