import { checkDocument, type DocumentCheckInput } from './document-checks';
import type { Finding } from './finding';
import { spamRatingFindings, type SpamRating } from './spam-rating';
import { checkSettings, checkTarget, type SettingsCheckInput, type TargetCheckInput } from './target-checks';
import { checkFax, checkFaxNumbers, checkSms, type SmsCheckInput } from './text-channel-checks';

/** What each channel's checks read, besides the target and the settings every mailing has. */
export type ChannelCheckInput =
  | ({ channel: 'EMAIL'; spamRating: SpamRating | null } & Omit<DocumentCheckInput, 'audienceSize'>)
  | ({ channel: 'SMS' } & SmsCheckInput)
  | { channel: 'FAX'; body: string; faxNumbers: readonly string[] };

export interface MailingCheckInput {
  target: Omit<TargetCheckInput, 'channel'>;
  settings: Omit<SettingsCheckInput, 'recipients'>;
  content: ChannelCheckInput;
}

/** The issue checker on a whole mailing: its content for its channel, its target and its settings. */
export function checkMailing(input: MailingCheckInput): Finding[] {
  const { content } = input;
  const recipients = input.target.recipients;
  const channelFindings = (): Finding[] => {
    switch (content.channel) {
      case 'EMAIL':
        return [
          ...checkDocument({ ...content, audienceSize: recipients }),
          ...(content.spamRating ? spamRatingFindings(content.spamRating) : []),
        ];
      case 'SMS':
        return checkSms(content);
      case 'FAX':
        return [...checkFax(content), ...checkFaxNumbers(content.faxNumbers)];
    }
  };
  return [
    ...channelFindings(),
    ...checkTarget({ ...input.target, channel: content.channel }),
    ...checkSettings({ ...input.settings, recipients }),
  ];
}
