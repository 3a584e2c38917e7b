import { Anchor, Button, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCreateWebsite, useWebsites } from '../../api/websites';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';

function AddWebsiteButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [domain, setDomain] = useState('');
  const create = useCreateWebsite();
  const navigate = useNavigate();
  return (
    <>
      <Button leftSection={<IconPlus size={16} />} onClick={open}>
        Add website
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title="Add website"
        closeButtonProps={{ 'aria-label': 'Close without adding' }}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ name, domain }, { onSuccess: (site) => navigate(`/websites/${site.id}`) });
          }}
        >
          <Stack>
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput
              label="Domain"
              description="The host name visitors see, such as shop.example.com"
              required
              value={domain}
              onChange={(e) => setDomain(e.currentTarget.value)}
            />
            <ApiErrorAlert error={create.error} title="Could not add the website" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Add
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** The account's websites, whose pages report views through Herald's snippet. */
export function WebsitesPage() {
  const websites = useWebsites();
  return (
    <>
      <PageHeader
        title="Websites"
        description="Page views from your websites' snippet; a visit through a mailing link with ?hv={% visit_token %} is tied to its recipient."
        actions={<AddWebsiteButton />}
      />
      <QueryState query={websites}>
        {(list) =>
          list.length === 0 ? (
            <Paper withBorder p="lg" ta="center">
              <Text c="dimmed">No websites yet.</Text>
            </Paper>
          ) : (
            <TableScroll minWidth={480}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Domain</Table.Th>
                    <Table.Th>Added</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((site) => (
                    <Table.Tr key={site.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/websites/${site.id}`}>
                          {site.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{site.domain}</Table.Td>
                      <Table.Td>{formatDateTime(site.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )
        }
      </QueryState>
    </>
  );
}
