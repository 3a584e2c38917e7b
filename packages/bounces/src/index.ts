export { classifySmtpReply } from './smtp-reply.classifier';
export type { BounceClassification, SmtpReply, SmtpReplyClassification } from './smtp-reply.classifier';
export {
  decodeHeraldAddress,
  decodeReturnPath,
  decodeUnsubscribeAddress,
  encodeDestinationAddresses,
  encodeHeraldMessageId,
  encodeReturnPath,
  encodeUnsubscribeAddress,
  parseHeraldMessageId,
} from './addresses/herald-addresses';
export type {
  DecodedHeraldAddress,
  DecodedReturnPath,
  DestinationAddresses,
  HeraldAddressKind,
  HeraldMessageId,
  ReturnPathOptions,
} from './addresses/herald-addresses';
export { parseFaxGatewayReport } from './fax-gateway-report';
export type { FaxGatewayReport, FaxGatewayStatus } from './fax-gateway-report';
export { attributeReport } from './report-attribution';
export type { ReportAttribution, SignedDestination } from './report-attribution';
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
