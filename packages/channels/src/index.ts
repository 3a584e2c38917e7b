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
