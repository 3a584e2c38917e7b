import { Button, Grid, Group, Paper, SegmentedControl, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  useCreateDocument,
  useCreateTextDocument,
  useDocument,
  useUpdateDocument,
  useUpdateTextDocument,
} from '../../api/documents';
import type {
  Channel,
  CreateEmailDocumentRequest as DocumentInput,
  DocumentResponse as DocumentDetail,
} from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { DocumentPreviewPanel } from './document-preview';
import { TextDocumentForm } from './text-document-form';

const STARTER_HTML = `<html>
  <body>
    <p>Dear {{ firstname }},</p>
    <p>…</p>
    <p><a href="{{ unsubscribe }}">Unsubscribe</a></p>
  </body>
</html>`;

interface Draft {
  name: string;
  fromName: string;
  fromAddress: string;
  subject: string;
  html: string;
  text: string;
}

function draftOf(document?: DocumentDetail): Draft {
  const latest = document?.latest;
  return {
    name: document?.name ?? '',
    fromName: latest?.fromName ?? '',
    fromAddress: latest?.fromAddress ?? '',
    subject: latest?.subject ?? '',
    html: latest?.html ?? STARTER_HTML,
    text: latest?.text ?? '',
  };
}

function inputOf(draft: Draft): DocumentInput {
  return {
    name: draft.name.trim(),
    // Sent even when empty: a new version takes what is left out from the one before.
    fromName: draft.fromName.trim(),
    fromAddress: draft.fromAddress.trim(),
    subject: draft.subject,
    html: draft.html,
    // Left empty, the text part is made from the HTML.
    text: draft.text,
  };
}

function DocumentForm({
  document,
  pending,
  error,
  onSave,
  onChange,
}: {
  document?: DocumentDetail;
  pending: boolean;
  error: unknown;
  onSave(input: DocumentInput): void;
  onChange?(dirty: boolean): void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(document));
  const set = (key: keyof Draft) => (event: { currentTarget: { value: string } }) => {
    setDraft({ ...draft, [key]: event.currentTarget.value });
    onChange?.(true);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave(inputOf(draft));
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
            value={draft.name}
            onChange={set('name')}
            error={issueAt(error, 'name')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Sender name"
              value={draft.fromName}
              onChange={set('fromName')}
              error={issueAt(error, 'fromName')}
            />
            <TextInput
              label="Sender address"
              required
              value={draft.fromAddress}
              onChange={set('fromAddress')}
              error={issueAt(error, 'fromAddress')}
              placeholder="news@example.com"
            />
          </SimpleGrid>
          <TextInput
            label="Subject"
            required
            value={draft.subject}
            onChange={set('subject')}
            error={issueAt(error, 'subject')}
            description="Fields can be used here too: {{ firstname }}"
          />
          <Textarea
            label="HTML"
            required
            value={draft.html}
            onChange={set('html')}
            error={issueAt(error, 'html')}
            autosize
            minRows={12}
            maxRows={30}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            description="{{ field }} personalises, {{ unsubscribe }} is the unsubscribe link; every link is tracked."
          />
          <Textarea
            label="Text"
            value={draft.text}
            onChange={set('text')}
            error={issueAt(error, 'text')}
            autosize
            minRows={4}
            maxRows={16}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            description="The plain-text part; left empty, it is made from the HTML."
          />
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

const CHANNELS: Array<{ value: Channel; label: string }> = [
  { value: 'EMAIL', label: 'Email' },
  { value: 'SMS', label: 'SMS' },
  { value: 'FAX', label: 'Fax' },
];

function channelOf(value: string | null): Channel {
  return CHANNELS.find((c) => c.value === value)?.value ?? 'EMAIL';
}

export function NewDocumentPage() {
  const create = useCreateDocument();
  const createText = useCreateTextDocument();
  const navigate = useNavigate();
  // The channel is in the address (?channel=SMS), so a link can open the SMS or fax form directly.
  const [search, setSearch] = useSearchParams();
  const channel = channelOf(search.get('channel'));
  const onCreated = (document: DocumentDetail) => {
    notifications.show({ color: 'teal', message: `Document “${document.name}” created` });
    navigate(`/mailings/documents/${document.id}`);
  };
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Mailings', to: '/mailings' },
          { label: 'Documents', to: '/mailings/documents' },
          { label: 'New document' },
        ]}
        title="New document"
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <SegmentedControl
              data={CHANNELS}
              value={channel}
              onChange={(value) => setSearch(value === 'EMAIL' ? {} : { channel: value }, { replace: true })}
              aria-label="Channel"
              maw={360}
            />
            {channel === 'EMAIL' ? (
              <DocumentForm
                pending={create.isPending}
                error={create.error}
                onSave={(input) => create.mutate(input, { onSuccess: onCreated })}
              />
            ) : (
              <TextDocumentForm
                key={channel}
                channel={channel}
                pending={createText.isPending}
                error={createText.error}
                onSave={(input) => createText.mutate(input, { onSuccess: onCreated })}
              />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function TextDocumentEditor({ document, channel }: { document: DocumentDetail; channel: 'SMS' | 'FAX' }) {
  const update = useUpdateTextDocument(document.id);
  return (
    <TextDocumentForm
      key={document.latest.id}
      channel={channel}
      document={document}
      pending={update.isPending}
      error={update.error}
      onSave={(input) =>
        update.mutate(input, {
          onSuccess: (saved) =>
            notifications.show({ color: 'teal', message: `Saved as version ${saved.latest.version}` }),
        })
      }
    />
  );
}

function DocumentEditor({ document }: { document: DocumentDetail }) {
  const update = useUpdateDocument(document.id);
  const [dirty, setDirty] = useState(false);
  const channel = document.channel;
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Mailings', to: '/mailings' },
          { label: 'Documents', to: '/mailings/documents' },
          { label: document.name },
        ]}
        title={document.name}
        description={`Version ${document.latest.version}, saved ${formatDateTime(document.latest.createdAt)} · ${document.versions.length} ${document.versions.length === 1 ? 'version' : 'versions'}`}
      />
      {channel !== 'EMAIL' ? (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <TextDocumentEditor document={document} channel={channel} />
          </Grid.Col>
        </Grid>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <DocumentForm
              key={document.latest.id}
              document={document}
              pending={update.isPending}
              error={update.error}
              onChange={setDirty}
              onSave={(input) =>
                update.mutate(input, {
                  onSuccess: (saved) => {
                    setDirty(false);
                    notifications.show({ color: 'teal', message: `Saved as version ${saved.latest.version}` });
                  },
                })
              }
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <DocumentPreviewPanel documentId={document.id} dirty={dirty} />
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}

export function DocumentPage() {
  const document = useDocument(useIdParam('documentId'));
  return <QueryState query={document}>{(d) => <DocumentEditor document={d} />}</QueryState>;
}
