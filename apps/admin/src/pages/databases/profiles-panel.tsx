import { Button, Group, Modal, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCreateProfile, useProfiles } from '../../api/databases';
import type { DatabaseDetailResponse as DatabaseDetail } from '@herald/contracts';
import { QueryState } from '../../components/query-state';
import { ProfileForm } from '../profiles/profile-form';
import { ProfilesTable } from '../profiles/profiles-table';

const PAGE_SIZE = 50;

export function ProfilesPanel({ database }: { database: DatabaseDetail }) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const profiles = useProfiles(database.id, page, PAGE_SIZE, debouncedSearch);
  const [adding, { open, close }] = useDisclosure(false);
  const create = useCreateProfile(database.id);

  return (
    <>
      <Group justify="space-between" mb="sm">
        <TextInput
          placeholder="Search by email, mobile or field value"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setPage(1);
          }}
          w={360}
          aria-label="Search profiles"
        />
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconUpload size={16} />}
            component={Link}
            to={`/databases/${database.id}/import`}
          >
            Import
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            Add profile
          </Button>
        </Group>
      </Group>
      <QueryState query={profiles}>
        {(result) => (
          <ProfilesTable
            page={result}
            fields={database.fields}
            onPageChange={setPage}
            emptyText={
              debouncedSearch ? 'No profile matches your search.' : 'No profiles yet. Import a file or add one.'
            }
          />
        )}
      </QueryState>
      <Modal opened={adding} onClose={close} title="Add profile" size="lg">
        <ProfileForm
          fields={database.fields}
          submitLabel="Add profile"
          pending={create.isPending}
          error={create.error}
          onCancel={close}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: 'Profile added' });
                close();
                create.reset();
              },
            })
          }
        />
      </Modal>
    </>
  );
}
