export { parsePageViewBeacon, VISIT_PARAMETER, type PageViewBeacon } from './page-view-beacon';
export { leadsToWebsite, withVisitToken } from './visit-link';
