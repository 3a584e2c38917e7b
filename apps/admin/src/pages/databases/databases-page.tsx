import { Anchor, Button, Paper, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDatabases } from '../../api/databases';
import { formatDateTime, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { CreateDatabaseModal } from './create-database-modal';

export function DatabasesPage() {
  const databases = useDatabases();
  const [creating, { open, close }] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title="Databases"
        description="Your profiles, grouped in databases with their own fields."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            New database
          </Button>
        }
      />
      <QueryState query={databases}>
        {(list) =>
          list.length === 0 ? (
            <Paper withBorder p="xl" ta="center">
              <Text c="dimmed">No databases yet. Create one to import your first profiles.</Text>
            </Paper>
          ) : (
            <Paper withBorder>
              <Table highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Description</Table.Th>
                    <Table.Th ta="right">Profiles</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((database) => (
                    <Table.Tr key={database.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/databases/${database.id}`} fw={500}>
                          {database.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td c="dimmed">{database.description || '—'}</Table.Td>
                      <Table.Td ta="right">{formatNumber(database.profileCount)}</Table.Td>
                      <Table.Td>{formatDateTime(database.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )
        }
      </QueryState>
      <CreateDatabaseModal opened={creating} onClose={close} />
    </>
  );
}
