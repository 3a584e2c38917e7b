import { ActionIcon, Button, Group, Menu, Modal, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconTrash } from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router';
import { useDatabase, useDeleteDatabase } from '../../api/databases';
import type { DatabaseDetailResponse as DatabaseDetail } from '@herald/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { SelectionsPanel } from '../selections/selections-panel';
import { CollectionsPanel } from './collections-panel';
import { FieldsPanel } from './fields-panel';
import { ProfilesPanel } from './profiles-panel';
import { StatisticsPanel } from './statistics-panel';

const TABS = ['profiles', 'fields', 'collections', 'selections', 'statistics'] as const;
type Tab = (typeof TABS)[number];

function DeleteDatabaseMenu({ database }: { database: DatabaseDetail }) {
  const [confirming, { open, close }] = useDisclosure(false);
  const remove = useDeleteDatabase();
  const navigate = useNavigate();
  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label="More actions">
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={open}>
            Delete database
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={confirming} onClose={close} title="Delete database">
        <Stack>
          <Text size="sm">
            Delete “{database.name}” with its {formatNumber(database.profileCount)} profiles? This cannot be undone.
          </Text>
          <ApiErrorAlert error={remove.error} title="Could not delete the database" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(database.id, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: `Database “${database.name}” deleted` });
                    navigate('/databases');
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

export function DatabasePage() {
  const databaseId = useIdParam('databaseId');
  const { tab } = useParams();
  const navigate = useNavigate();
  const database = useDatabase(databaseId);
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : 'profiles';

  return (
    <QueryState query={database}>
      {(db) => (
        <>
          <PageHeader
            crumbs={[{ label: 'Databases', to: '/databases' }, { label: db.name }]}
            title={db.name}
            description={db.description || `${formatNumber(db.profileCount)} profiles`}
            actions={<DeleteDatabaseMenu database={db} />}
          />
          <Tabs
            value={active}
            onChange={(next) => navigate(`/databases/${db.id}/${next ?? 'profiles'}`)}
            keepMounted={false}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="profiles">Profiles ({formatNumber(db.profileCount)})</Tabs.Tab>
              <Tabs.Tab value="fields">Fields ({db.fields.length})</Tabs.Tab>
              <Tabs.Tab value="collections">Collections ({db.collections.length})</Tabs.Tab>
              <Tabs.Tab value="selections">Selections</Tabs.Tab>
              <Tabs.Tab value="statistics">Statistics</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="profiles">
              <ProfilesPanel database={db} />
            </Tabs.Panel>
            <Tabs.Panel value="fields">
              <FieldsPanel database={db} />
            </Tabs.Panel>
            <Tabs.Panel value="collections">
              <CollectionsPanel database={db} />
            </Tabs.Panel>
            <Tabs.Panel value="selections">
              <SelectionsPanel database={db} />
            </Tabs.Panel>
            <Tabs.Panel value="statistics">
              <StatisticsPanel database={db} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </QueryState>
  );
}
