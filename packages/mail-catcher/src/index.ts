export { startMailCatcher } from './mail-catcher';
export type {
  CaughtAttachment,
  CaughtCount,
  CaughtMessage,
  KeepMode,
  MailCatcher,
  MailCatcherOptions,
  MessageEnvelope,
  ParsedMessage,
} from './mail-catcher';
export type { ReplyRule } from './reply-rule';
