import { Anchor, Badge, Paper, Table, Text, Title } from '@mantine/core';
import type { ReportContent } from '@herald/contracts';
import { formatNumber } from '../../components/format';
import { TableScroll } from '../../components/table-scroll';

export function LinksTable({ links }: { links: ReportContent['links'] }) {
  return (
    <Paper withBorder>
      <Title order={5} p="md" pb="xs">
        Links
      </Title>
      <TableScroll minWidth={560}>
        <Table verticalSpacing="xs" aria-label="Links">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>#</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th ta="right">Clicks by people</Table.Th>
              <Table.Th ta="right">By machines</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Unique clicks</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.map((link) => (
              <Table.Tr key={link.position}>
                <Table.Td>{link.position}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  {link.isUnsubscribe ? (
                    <Badge variant="light" color="orange" size="sm">
                      unsubscribe link
                    </Badge>
                  ) : (
                    <Anchor href={link.url} target="_blank" rel="noreferrer noopener" size="sm">
                      {link.url}
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td ta="right" data-testid={`link-${link.position}-human`}>
                  {link.isUnsubscribe ? '—' : formatNumber(link.clicks.human)}
                </Table.Td>
                <Table.Td ta="right" data-testid={`link-${link.position}-machine`}>
                  {link.isUnsubscribe ? '—' : formatNumber(link.clicks.machine)}
                </Table.Td>
                <Table.Td ta="right">{link.isUnsubscribe ? '—' : formatNumber(link.clicks.total)}</Table.Td>
                <Table.Td ta="right">{link.isUnsubscribe ? '—' : formatNumber(link.clicks.unique)}</Table.Td>
              </Table.Tr>
            ))}
            {links.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed" ta="center" py="md">
                    The document has no tracked links.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Text size="xs" c="dimmed" p="sm">
        A click on the unsubscribe link counts as an unsubscribe, not as a click. Machines are link scanners that follow
        every link; unique clicks count people only.
      </Text>
    </Paper>
  );
}
