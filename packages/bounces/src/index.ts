export { classifySmtpReply } from './smtp-reply.classifier';
export type { BounceClassification, SmtpReply, SmtpReplyClassification } from './smtp-reply.classifier';
export { decodeReturnPath, encodeReturnPath } from './return-path';
export type { DecodedReturnPath, ReturnPathOptions } from './return-path';
export { attributeReport, parseHeraldMessageId } from './report-attribution';
export type { HeraldMessageId, ReportAttribution, SignedDestination } from './report-attribution';
export { DEFAULT_MAX_INBOUND_BYTES, parseInboundMessage } from './inbound-message.parser';
export type { ParseInboundOptions } from './inbound-message.parser';
export type {
  AutoReply,
  ComplaintReport,
  DeliveryAction,
  DeliveryReport,
  DeliveryStatusNotification,
  InboundMessage,
  OtherInboundMessage,
} from './inbound-message';
