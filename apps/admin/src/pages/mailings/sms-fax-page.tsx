import { Anchor, Badge, Button, Group, Paper, Table, Text } from '@mantine/core';
import { IconFileText, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { isMailingEditable, useMailings } from '../../api/mailings';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';
import { MailingStatusBadge } from './mailing-status-badge';

/**
 * SMS and fax in one place: the account's SMS and fax mailings with their results pages, and where to
 * write a new SMS or fax document. They are mailings like email's (the same form and list); this page
 * is the menu's way in to them.
 */
export function SmsFaxPage() {
  const mailings = useMailings();
  return (
    <>
      <PageHeader
        title="SMS and fax"
        description="SMS and fax mailings, with their delivery results. Write an SMS or fax document, then send it with a new mailing."
        actions={
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconFileText size={16} />}
              component={Link}
              to="/mailings/documents/new?channel=SMS"
            >
              New SMS document
            </Button>
            <Button
              variant="default"
              leftSection={<IconFileText size={16} />}
              component={Link}
              to="/mailings/documents/new?channel=FAX"
            >
              New fax document
            </Button>
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/mailings/new">
              New mailing
            </Button>
          </Group>
        }
      />
      <QueryState query={mailings}>
        {(all) => {
          const list = all.filter((mailing) => mailing.channel !== 'EMAIL');
          return list.length === 0 ? (
            <Paper withBorder p="xl" ta="center">
              <Text c="dimmed">
                No SMS or fax mailings yet. Write an SMS or fax document, then create a mailing that sends it.
              </Text>
            </Paper>
          ) : (
            <Paper withBorder>
              <TableScroll minWidth={560}>
                <Table highlightOnHover verticalSpacing="sm" aria-label="SMS and fax mailings">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Channel</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Results</Table.Th>
                      <Table.Th>Created</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((mailing) => (
                      <Table.Tr key={mailing.id} data-testid="sms-fax-row">
                        <Table.Td>
                          <Anchor component={Link} to={`/mailings/${mailing.id}`} fw={500}>
                            {mailing.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="outline" color="gray" size="sm">
                            {mailing.channel === 'SMS' ? 'SMS' : 'fax'}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <MailingStatusBadge status={mailing.status} />
                        </Table.Td>
                        <Table.Td>
                          {isMailingEditable(mailing) ? (
                            <Text size="sm" c="dimmed">
                              Not sent yet
                            </Text>
                          ) : (
                            <Anchor
                              component={Link}
                              to={`/mailings/${mailing.id}/${mailing.channel === 'SMS' ? 'sms' : 'fax'}-results`}
                              aria-label={`${mailing.channel === 'SMS' ? 'SMS' : 'Fax'} results of ${mailing.name}`}
                            >
                              {mailing.channel === 'SMS' ? 'SMS results' : 'Fax results'}
                            </Anchor>
                          )}
                        </Table.Td>
                        <Table.Td>{formatDateTime(mailing.createdAt)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            </Paper>
          );
        }}
      </QueryState>
    </>
  );
}
