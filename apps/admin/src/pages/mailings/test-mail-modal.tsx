import { Alert, Button, Group, List, Modal, Stack, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useSendTestMail } from '../../api/documents';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';

/** Sends the newest version, rendered for one real profile, to test addresses; test mails are never counted. */
export function TestMailModal({
  documentId,
  profileId,
  opened,
  onClose,
}: {
  documentId: number;
  profileId: number | null;
  opened: boolean;
  onClose(): void;
}) {
  const [to, setTo] = useState<string[]>([]);
  const send = useSendTestMail(documentId);
  const close = () => {
    send.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Send a test mail">
      <Stack>
        {profileId === null ? (
          <Alert color="orange" variant="light">
            Choose a profile for the preview first: the test mail is personalised with its fields.
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            The saved document, personalised for profile {profileId}, goes to the addresses below. Links are not tracked
            and the mail counts in no report.
          </Text>
        )}
        <TagsInput
          label="Send to"
          description="Type an address and press Enter; up to 20."
          placeholder="you@example.com"
          value={to}
          onChange={setTo}
          maxTags={20}
          splitChars={[',', ' ', ';']}
          error={issueAt(send.error, 'to') ?? issueAt(send.error, 'to.0')}
        />
        <ApiErrorAlert error={send.error} title="Could not send the test mail" />
        {send.data && send.data.failures.length > 0 && (
          <Alert color="red" variant="light" title={`${send.data.sent} sent, ${send.data.failures.length} failed`}>
            <List size="sm">
              {send.data.failures.map((failure) => (
                <List.Item key={failure.to}>
                  {failure.to}: {failure.error}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Close
          </Button>
          <Button
            disabled={profileId === null || to.length === 0}
            loading={send.isPending}
            onClick={() =>
              profileId !== null &&
              send.mutate(
                { profileIds: [profileId], to },
                {
                  onSuccess: (result) => {
                    if (result.failures.length === 0) {
                      notifications.show({
                        color: 'teal',
                        message: `Test mail sent to ${result.sent} ${result.sent === 1 ? 'address' : 'addresses'}`,
                      });
                      close();
                    }
                  },
                },
              )
            }
          >
            Send test mail
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
