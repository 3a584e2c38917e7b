import { Button, Group, Paper, Stack, Textarea, TextInput } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type {
  CreateTextDocumentRequest as TextDocumentInput,
  DocumentResponse as DocumentDetail,
} from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { SmsCounter } from './sms-counter';

type TextChannel = TextDocumentInput['channel'];

const STARTERS: Record<TextChannel, string> = {
  // GSM-7 only, so a new message starts at the cheaper encoding.
  SMS: 'Hi {{ firstname }}, ',
  FAX: 'To {{ company }}\n\nDear {{ firstname }},\n\n…',
};

/** An SMS or fax document: a name and one Liquid text; an SMS shows its segments and cost as it is typed. */
export function TextDocumentForm({
  channel,
  document,
  pending,
  error,
  onSave,
}: {
  channel: TextChannel;
  document?: DocumentDetail;
  pending: boolean;
  error: unknown;
  onSave(input: TextDocumentInput): void;
}) {
  const [name, setName] = useState(document?.name ?? '');
  const [body, setBody] = useState(document?.latest.body ?? STARTERS[channel]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ channel, name: name.trim(), body });
  };
  return (
    <form onSubmit={onSubmit}>
      <Paper withBorder p="md">
        <Stack>
          <ApiErrorAlert error={error} title="Could not save the document" />
          <TextInput
            label="Name"
            description="For you; recipients do not see it."
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={issueAt(error, 'name')}
          />
          <Textarea
            label={channel === 'SMS' ? 'Message' : 'Text of the fax'}
            required
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={issueAt(error, 'body')}
            autosize
            minRows={channel === 'SMS' ? 4 : 12}
            maxRows={30}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            description={
              channel === 'SMS'
                ? '{{ field }} personalises; a recipient replies STOP to opt out. Fields can change the length per recipient.'
                : '{{ field }} personalises; each recipient gets a PDF of this text.'
            }
          />
          {channel === 'SMS' && <SmsCounter text={body} />}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/mailings/documents">
              Back
            </Button>
            <Button type="submit" loading={pending} leftSection={<IconDeviceFloppy size={16} />}>
              {document ? 'Save new version' : 'Create document'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </form>
  );
}
