export {
  EmailTransport,
  type SmtpSettings,
  type OutgoingEmail,
  type SmtpOutcome,
  type SmtpAccepted,
  type SmtpRejected,
} from './email/email-transport';
