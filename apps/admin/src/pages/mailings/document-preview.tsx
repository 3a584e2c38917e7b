import { Alert, Badge, Button, Center, Group, List, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconMailForward, IconQuestionMark } from '@tabler/icons-react';
import { useState } from 'react';
import { useDocumentPreview } from '../../api/documents';
import type { DocumentPreviewResponse as DocumentPreview } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { ProfilePicker } from './profile-picker';
import { TestMailModal } from './test-mail-modal';

function Problems({ preview }: { preview: DocumentPreview }) {
  return (
    <>
      {preview.errors.length > 0 && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="Template errors"
          data-testid="template-errors"
        >
          <List size="sm" spacing={2}>
            {preview.errors.map((error, index) => (
              <List.Item key={index}>
                <Text span fw={600} size="sm">
                  {error.part}, line {error.line}:
                </Text>{' '}
                {error.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.unknownFields.length > 0 && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconQuestionMark size={18} />}
          title="Unknown fields"
          data-testid="unknown-fields"
        >
          <Text size="sm">These fields have no value for this profile and render empty:</Text>
          <Group gap={6} mt={6}>
            {preview.unknownFields.map((field) => (
              <Badge key={field} variant="outline" color="orange" tt="none">
                {field}
              </Badge>
            ))}
          </Group>
        </Alert>
      )}
    </>
  );
}

function Rendered({ preview }: { preview: DocumentPreview }) {
  const { rendered } = preview;
  if (!rendered)
    return (
      <Text size="sm" c="dimmed">
        The document cannot be rendered until its template errors are fixed.
      </Text>
    );
  return (
    <Stack gap="xs">
      <Text size="sm">
        <Text span c="dimmed">
          From:{' '}
        </Text>
        {rendered.fromName ? `${rendered.fromName} <${rendered.fromAddress}>` : rendered.fromAddress}
      </Text>
      <Text size="sm" data-testid="preview-subject">
        <Text span c="dimmed">
          Subject:{' '}
        </Text>
        {rendered.subject}
      </Text>
      <Tabs defaultValue="html">
        <Tabs.List>
          <Tabs.Tab value="html">HTML</Tabs.Tab>
          <Tabs.Tab value="text">Text</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="xs">
          {/* Sandboxed: the document's scripts and forms never run inside the admin app. */}
          <iframe
            title="HTML preview"
            sandbox=""
            srcDoc={rendered.html}
            style={{
              width: '100%',
              height: 480,
              border: '1px solid var(--mantine-color-gray-3)',
              borderRadius: 4,
              background: 'white',
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="xs">
          <Paper withBorder p="sm" bg="gray.0">
            <Text size="sm" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
              {rendered.text}
            </Text>
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** The saved document rendered for a chosen profile, with what would go wrong in it. */
export function DocumentPreviewPanel({ documentId, dirty }: { documentId: number; dirty: boolean }) {
  const [profileId, setProfileId] = useState<number | null>(null);
  const [testing, test] = useDisclosure(false);
  const preview = useDocumentPreview(documentId, profileId);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={5}>Preview</Title>
          <Button size="xs" variant="light" leftSection={<IconMailForward size={14} />} onClick={test.open}>
            Test mail
          </Button>
        </Group>
        <ProfilePicker profileId={profileId} onChange={setProfileId} />
        {dirty && (
          <Text size="xs" c="orange">
            The preview shows the saved version: save to see your changes.
          </Text>
        )}
        {profileId === null ? (
          <Text size="sm" c="dimmed">
            Choose a profile to see the document as it would receive it.
          </Text>
        ) : preview.isPending ? (
          <Center py="md">
            <Loader size="sm" />
          </Center>
        ) : preview.isError ? (
          <ApiErrorAlert error={preview.error} title="Could not render the preview" />
        ) : (
          <>
            <Problems preview={preview.data} />
            <Rendered preview={preview.data} />
          </>
        )}
      </Stack>
      <TestMailModal documentId={documentId} profileId={profileId} opened={testing} onClose={test.close} />
    </Paper>
  );
}
