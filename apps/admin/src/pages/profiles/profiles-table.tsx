import { Anchor, Group, Pagination, Paper, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { FieldResponse as Field, Page, ProfileResponse as Profile } from '@herald/contracts';
import { formatDateTime, formatNumber, formatValue } from '../../components/format';
import { TableScroll } from '../../components/table-scroll';
import { ProfileStatusBadge } from './profile-status-badge';

/** How many custom fields fit beside the addresses before the table gets too wide to read. */
const VISIBLE_FIELDS = 4;

export function ProfilesTable({
  page,
  fields,
  onPageChange,
  emptyText,
}: {
  page: Page<Profile>;
  fields: Field[];
  onPageChange(page: number): void;
  emptyText: string;
}) {
  const navigate = useNavigate();
  const shown = fields.slice(0, VISIBLE_FIELDS);
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  return (
    <Paper withBorder>
      <TableScroll minWidth={700}>
        <Table highlightOnHover verticalSpacing="xs" aria-label="Profiles">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Mobile</Table.Th>
              {shown.map((field) => (
                <Table.Th key={field.id} title={`{{ ${field.name} }}`}>
                  {field.label}
                </Table.Th>
              ))}
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.items.map((profile) => (
              <Table.Tr
                key={profile.id}
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(`/profiles/${profile.id}`)}
                data-testid="profile-row"
              >
                <Table.Td>
                  {/* The row opens with a click anywhere; the link makes it reachable and openable by keyboard. */}
                  <Anchor component={Link} to={`/profiles/${profile.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
                    {profile.email ?? profile.mobile ?? `Profile ${profile.id}`}
                  </Anchor>
                </Table.Td>
                <Table.Td>{profile.mobile ?? '—'}</Table.Td>
                {shown.map((field) => (
                  <Table.Td key={field.id}>{formatValue(profile.values[field.name])}</Table.Td>
                ))}
                <Table.Td>
                  <ProfileStatusBadge profile={profile} />
                </Table.Td>
                <Table.Td>{formatDateTime(profile.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
            {page.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={shown.length + 4}>
                  <Text c="dimmed" ta="center" py="lg">
                    {emptyText}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Group justify="space-between" p="sm">
        <Text size="sm" c="dimmed" data-testid="profiles-total">
          {formatNumber(page.total)} {page.total === 1 ? 'profile' : 'profiles'}
        </Text>
        {pages > 1 && <Pagination total={pages} value={page.page} onChange={onPageChange} size="sm" />}
      </Group>
    </Paper>
  );
}
