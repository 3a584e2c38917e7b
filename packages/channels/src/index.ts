export {
  EmailTransport,
  connectionsPerProcess,
  type SmtpSettings,
  type OutgoingEmail,
  type SmtpOutcome,
  type SmtpAccepted,
  type SmtpRejected,
} from './email/email-transport';
export { buildRawEmail, type RawEmailInput } from './email/raw-email';
export { SMTP_UNREACHABLE } from './email/email-transport';
export {
  outboundAddressRefusal,
  smtpPortRefusal,
  hostSyntaxRefusal,
  SMTP_SUBMISSION_PORTS,
  type OutboundPolicy,
} from './outbound/outbound-address';
export { resolveOutbound, systemLookup, type HostLookup, type OutboundResolution } from './outbound/outbound-resolver';
export { accountTransportSettings, smtpPasswordContext, type StoredSmtpSettings } from './email/account-smtp';
export {
  channelAddressRule,
  type ChannelAdapter,
  type ChannelAddressRule,
  type ChannelContent,
  type ChannelKind,
  type ChannelMailing,
  type ChannelMessage,
  type ChannelOutcome,
  type PreparedChannelMailing,
} from './channel-port';
export { EmailChannel, type AccountEmailRoute, type EmailChannelOptions } from './email/email-channel';
export { SmsChannel, type SmsChannelOptions } from './sms/sms-channel';
export { twilioErrorKind, type TwilioErrorKind } from './sms/twilio-errors';
export { SMS_INBOUND_PATH, SMS_STATUS_PATH, isSignedByTwilio, smsReplyKeyword } from './sms/sms-webhooks';
export { FaxChannel, type FaxGatewayOptions } from './fax/fax-channel';
export { renderTextPdf } from './fax/fax-pdf';
export { FaxApiChannel, type FaxApiOptions } from './fax/fax-api-channel';
export {
  FAX_SIGNATURE_HEADER,
  FAX_STATUS_PATH,
  faxCallbackSignature,
  faxStatusOf,
  isSignedByFaxProvider,
  type FaxOutcome,
  type FaxStatus,
} from './fax/fax-api-webhooks';
export { SpamAssassin, type SpamAssassinOptions, type TimedSpamRating } from './spam/spam-assassin';
export { type DkimKey } from './email/dkim-signature';
export { dkimKeyLookup, type SealedDkimKeys } from './email/dkim-keys';
export {
  composeSampleEmail,
  compileMailingEmail,
  destinationEmail,
  renderDestinationEmail,
  senderDomainOf,
  type EmailMessageOptions,
  type SampleEmail,
} from './email/email-message';
export {
  checkMailingSender,
  senderCheckEnvironment,
  type SenderCheckConfig,
  type SenderCheckEnvironment,
} from './email/sender-check';
export { dnsResolver } from './dns/dns-resolver';
