import { Paper, Table, Text } from '@mantine/core';
import type { DatabaseDetailResponse as DatabaseDetail } from '@herald/contracts';
import { formatNumber } from '../../components/format';

export function CollectionsPanel({ database }: { database: DatabaseDetail }) {
  return (
    <Paper withBorder>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Collection</Table.Th>
            <Table.Th ta="right">Subprofiles</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {database.collections.map((collection) => (
            <Table.Tr key={collection.id}>
              <Table.Td fw={500}>{collection.name}</Table.Td>
              <Table.Td ta="right">{formatNumber(collection.subprofileCount)}</Table.Td>
            </Table.Tr>
          ))}
          {database.collections.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={2}>
                <Text c="dimmed" ta="center" py="md">
                  This database has no collections.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
