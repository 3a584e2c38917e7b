export { checkDocument, type DocumentCheckInput } from './document-checks';
export { blockingFindings, describeWhere, type Finding, type FindingWhere, type Severity } from './finding';
