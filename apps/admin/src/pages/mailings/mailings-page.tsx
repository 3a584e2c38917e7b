import { Anchor, Badge, Button, Group, Paper, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconFileText, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useDocuments } from '../../api/documents';
import { useMailings } from '../../api/mailings';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { SplitRunsTable } from '../split-runs/split-runs-table';
import { QueryState } from '../../components/query-state';
import { MailingProgressBar, ProgressSummary } from './mailing-progress';
import { MailingStatusBadge } from './mailing-status-badge';

function MailingsTable() {
  const mailings = useMailings();
  return (
    <QueryState query={mailings}>
      {(list) =>
        list.length === 0 ? (
          <Paper withBorder p="xl" ta="center">
            <Text c="dimmed">
              No mailings yet. Write a document, then create a mailing that sends it to a database, collection or
              selection.
            </Text>
          </Paper>
        ) : (
          <Paper withBorder>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Mailings">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th w={260}>Progress</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Finished</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((mailing) => (
                  <Table.Tr key={mailing.id} data-testid="mailing-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/mailings/${mailing.id}`} fw={500}>
                        {mailing.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <MailingStatusBadge status={mailing.status} />
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <MailingProgressBar progress={mailing.progress} size="sm" />
                        {mailing.progress.destinations > 0 && <ProgressSummary progress={mailing.progress} />}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color="gray" size="sm">
                        {mailing.channel.toLowerCase()}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(mailing.createdAt)}</Table.Td>
                    <Table.Td>{formatDateTime(mailing.finishedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )
      }
    </QueryState>
  );
}

function DocumentsTable() {
  const documents = useDocuments();
  return (
    <QueryState query={documents}>
      {(list) =>
        list.length === 0 ? (
          <Paper withBorder p="xl" ta="center">
            <Text c="dimmed">
              No documents yet. A document is the content a mailing sends: sender, subject and HTML.
            </Text>
          </Paper>
        ) : (
          <Paper withBorder>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Documents">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Changed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((document) => (
                  <Table.Tr key={document.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/mailings/documents/${document.id}`} fw={500}>
                        {document.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color="gray" size="sm">
                        {document.channel.toLowerCase()}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(document.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )
      }
    </QueryState>
  );
}

export function MailingsPage({ tab }: { tab: 'mailings' | 'documents' }) {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title="Mailings"
        description="Bulk sends of a document to a database, collection or selection, and the documents they send."
        actions={
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconFileText size={16} />}
              component={Link}
              to="/mailings/documents/new"
            >
              New document
            </Button>
            <Button variant="default" component={Link} to="/mailings/split-runs/new">
              New split-run
            </Button>
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/mailings/new">
              New mailing
            </Button>
          </Group>
        }
      />
      <Tabs
        value={tab}
        onChange={(next) => navigate(next === 'documents' ? '/mailings/documents' : '/mailings')}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="mailings">Mailings</Tabs.Tab>
          <Tabs.Tab value="documents">Documents</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mailings">
          <Stack>
            <SplitRunsTable />
            <MailingsTable />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="documents">
          <DocumentsTable />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
