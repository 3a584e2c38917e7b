import {
  Alert,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBan, IconMailOff, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useDatabase } from '../../api/databases';
import {
  useDeleteProfile,
  useEnableProfile,
  useProfile,
  useResubscribeProfile,
  useUnsubscribeProfile,
  useUpdateProfile,
} from '../../api/profiles';
import type { DatabaseDetailResponse as DatabaseDetail, ProfileResponse as Profile } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime, formatValue } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { ProfileForm } from './profile-form';
import { ProfileHistoryPanel } from './profile-history';
import { ProfileStatusBadge } from './profile-status-badge';

function Property({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function SendingStatus({ profile }: { profile: Profile }) {
  const [reason, setReason] = useState('');
  const unsubscribe = useUnsubscribeProfile(profile.id);
  const resubscribe = useResubscribeProfile(profile.id);
  const enable = useEnableProfile(profile.id);
  const done = (message: string) => () => notifications.show({ color: 'teal', message });
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>Sending status</Title>
          <ProfileStatusBadge profile={profile} />
        </Group>
        {profile.disabledAt && (
          <Alert color="red" variant="light" icon={<IconBan size={18} />} title="Disabled">
            <Text size="sm">Since {formatDateTime(profile.disabledAt)}</Text>
            <Text size="sm">Reason: {profile.disabledReason || 'not recorded'}</Text>
          </Alert>
        )}
        {profile.unsubscribedAt && (
          <Alert color="orange" variant="light" icon={<IconMailOff size={18} />} title="Unsubscribed">
            <Text size="sm">Since {formatDateTime(profile.unsubscribedAt)}</Text>
            {profile.unsubscribeReason && <Text size="sm">Reason: {profile.unsubscribeReason}</Text>}
          </Alert>
        )}
        {!profile.disabledAt && !profile.unsubscribedAt && (
          <Text size="sm" c="dimmed">
            This profile receives mailings.
          </Text>
        )}
        <Text size="xs" c="dimmed">
          An unsubscribed or disabled profile is never sent to again, not even by mailings that are already scheduled.
        </Text>
        <ApiErrorAlert
          error={unsubscribe.error ?? resubscribe.error ?? enable.error}
          title="Could not change the status"
        />
        {profile.unsubscribedAt ? (
          <Button
            variant="default"
            loading={resubscribe.isPending}
            onClick={() => resubscribe.mutate(undefined, { onSuccess: done('Profile subscribed again') })}
          >
            Subscribe again
          </Button>
        ) : (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              placeholder="Reason (optional)"
              aria-label="Unsubscribe reason"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button
              variant="light"
              color="orange"
              leftSection={<IconMailOff size={16} />}
              loading={unsubscribe.isPending}
              onClick={() =>
                unsubscribe.mutate(reason.trim() || undefined, { onSuccess: done('Profile unsubscribed') })
              }
            >
              Unsubscribe
            </Button>
          </Group>
        )}
        {profile.disabledAt && (
          <Button
            variant="default"
            loading={enable.isPending}
            onClick={() => enable.mutate(undefined, { onSuccess: done('Profile enabled') })}
          >
            Enable sending again
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function ProfileDetail({ profile, database }: { profile: Profile; database: DatabaseDetail }) {
  const [editing, edit] = useDisclosure(false);
  const [deleting, del] = useDisclosure(false);
  const update = useUpdateProfile(profile.id);
  const remove = useDeleteProfile(profile.id);
  const navigate = useNavigate();
  const known = new Set(database.fields.map((field) => field.name));
  // Values of fields removed since: still shown, so nothing stored is hidden.
  const extra = Object.keys(profile.values).filter((name) => !known.has(name));

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Databases', to: '/databases' },
          { label: database.name, to: `/databases/${database.id}` },
          { label: `Profile ${profile.id}` },
        ]}
        title={profile.email || profile.mobile || `Profile ${profile.id}`}
        description={`Created ${formatDateTime(profile.createdAt)} · changed ${formatDateTime(profile.updatedAt)}`}
        actions={
          <>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open}>
              Edit
            </Button>
            <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={del.open}>
              Delete
            </Button>
          </>
        }
      />
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="details">Details</Tabs.Tab>
          <Tabs.Tab value="mailings">Mailings</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details">
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Paper withBorder p="md">
                <Stack>
                  <Title order={5}>Addresses</Title>
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <Property label="Email">{formatValue(profile.email)}</Property>
                    <Property label="Mobile">{formatValue(profile.mobile)}</Property>
                    <Property label="Fax">{formatValue(profile.fax)}</Property>
                  </SimpleGrid>
                  <Title order={5}>Fields</Title>
                  {database.fields.length + extra.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      This database has no fields.
                    </Text>
                  ) : (
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      {database.fields.map((field) => (
                        <Property key={field.id} label={field.label}>
                          {formatValue(profile.values[field.name])}
                        </Property>
                      ))}
                      {extra.map((name) => (
                        <Property key={name} label={name}>
                          {formatValue(profile.values[name])}
                        </Property>
                      ))}
                    </SimpleGrid>
                  )}
                </Stack>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <SendingStatus profile={profile} />
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="mailings">
          <ProfileHistoryPanel profileId={profile.id} />
        </Tabs.Panel>
      </Tabs>
      <Modal opened={editing} onClose={edit.close} title="Edit profile" size="lg">
        <ProfileForm
          fields={database.fields}
          profile={profile}
          submitLabel="Save"
          pending={update.isPending}
          error={update.error}
          onCancel={edit.close}
          onSubmit={(input) =>
            update.mutate(input, {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: 'Profile saved' });
                edit.close();
              },
            })
          }
        />
      </Modal>
      <Modal opened={deleting} onClose={del.close} title="Delete profile">
        <Stack>
          <Text size="sm">Delete this profile and its field values? This cannot be undone.</Text>
          <ApiErrorAlert error={remove.error} title="Could not delete the profile" />
          <Group justify="flex-end">
            <Button variant="default" onClick={del.close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: 'Profile deleted' });
                    navigate(`/databases/${database.id}`);
                  },
                })
              }
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ProfileWithDatabase({ profile }: { profile: Profile }) {
  const database = useDatabase(profile.databaseId);
  return <QueryState query={database}>{(db) => <ProfileDetail profile={profile} database={db} />}</QueryState>;
}

export function ProfilePage() {
  const profile = useProfile(useIdParam('profileId'));
  return <QueryState query={profile}>{(p) => <ProfileWithDatabase profile={p} />}</QueryState>;
}
