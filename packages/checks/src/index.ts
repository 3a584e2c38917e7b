export { findingKey, unacknowledgedFindings } from './acknowledgement';
export { checkDocument, type DocumentCheckInput } from './document-checks';
export { blockingFindings, describeWhere, type Finding, type FindingWhere, type Severity } from './finding';
export { checkMailing, type ChannelCheckInput, type MailingCheckInput } from './mailing-checks';
export {
  heuristicSpamRating,
  parseSpamdReport,
  spamAdvice,
  spamdReportRequest,
  spamRatingFindings,
  type SpamRating,
  type SpamRule,
} from './spam-rating';
export { spamSampleMessage } from './spam-sample';
export { resolverWithin, type DnsResolver } from './dns';
export { senderDomainVerified, verifySenderDnsRecords, type RecordVerification } from './sender-domain-records';
export { checkSender, type AccountSenderDomain, type SenderCheckInput } from './sender-checks';
