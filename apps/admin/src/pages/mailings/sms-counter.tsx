import { Group, Text } from '@mantine/core';
import { countSmsSegments, MAX_SMS_CHARACTERS, smsCost } from '@herald/contracts';
import { useSmsSettings } from '../../api/sms';
import { formatNumber } from '../../components/format';

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

/**
 * Segments and cost of an SMS text as it is typed, counted by the same function the SMS channel
 * stores per message. Personalisation can change both per recipient, which the hint says.
 */
export function SmsCounter({ text }: { text: string }) {
  const settings = useSmsSettings();
  const { encoding, characters, segments } = countSmsSegments(text);
  const price = settings.data?.pricePerSegment;
  const tooLong = characters > MAX_SMS_CHARACTERS;
  return (
    <Group gap="md" wrap="wrap" aria-live="polite" data-testid="sms-counter">
      <Text size="sm" c={tooLong ? 'red' : undefined} data-testid="sms-characters">
        {formatNumber(characters)} / {formatNumber(MAX_SMS_CHARACTERS)} characters
      </Text>
      <Text size="sm" fw={600} data-testid="sms-segments">
        {segments} {segments === 1 ? 'segment' : 'segments'}
      </Text>
      <Text size="sm" c="dimmed" data-testid="sms-encoding">
        {encoding === 'GSM-7' ? 'GSM-7' : 'UCS-2 (a character outside GSM-7)'}
      </Text>
      {price !== undefined && (
        <Text size="sm" c="dimmed" data-testid="sms-cost">
          {usd.format(smsCost(segments, price))} a message
        </Text>
      )}
    </Group>
  );
}
