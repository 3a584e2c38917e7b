import { Box, Center, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useSharedReport } from '../../api/reports';
import { formatDateTime } from '../../components/format';
import { QueryState } from '../../components/query-state';
import { ReportOverview } from './report-overview';

/** The public page of a shared link: no login, no navigation, no exports and no recipients. */
export function SharedReportPage() {
  const { token = '' } = useParams();
  const shared = useSharedReport(token);
  return (
    <Box bg="var(--mantine-color-gray-0)" mih="100vh">
      <Box bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="xl" py="sm">
          <Group justify="space-between">
            <Text fw={700} size="lg" c="indigo">
              Herald
            </Text>
            <Text size="sm" c="dimmed">
              Shared mailing report · read only
            </Text>
          </Group>
        </Container>
      </Box>
      <Container size="xl" py="lg">
        {shared.isError ? (
          <Center mt="xl">
            <Paper withBorder p="xl" maw={480}>
              <Stack gap="xs" align="center">
                <Title order={3}>This link does not work</Title>
                <Text c="dimmed" ta="center" size="sm">
                  It may have expired or been revoked. Ask whoever shared it for a new link.
                </Text>
              </Stack>
            </Paper>
          </Center>
        ) : (
          <QueryState query={shared}>
            {({ title, expiresAt, report }) => (
              <Stack>
                <div>
                  <Title order={2}>{title}</Title>
                  <Text c="dimmed" size="sm">
                    {report.mailing.name} · sent {formatDateTime(report.mailing.sentAt)}
                    {expiresAt ? ` · this link works until ${formatDateTime(expiresAt)}` : ''}
                  </Text>
                </div>
                <ReportOverview report={report} />
              </Stack>
            )}
          </QueryState>
        )}
      </Container>
    </Box>
  );
}
