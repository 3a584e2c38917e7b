import { Anchor, Button, Paper, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSurveys } from '../../api/surveys';
import { formatDateTime, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TableScroll } from '../../components/table-scroll';

/** The account's surveys; a mailing links to one with {% survey_link id %}. */
export function SurveysPage() {
  const surveys = useSurveys();
  return (
    <>
      <PageHeader
        title="Surveys"
        description="Questions a mailing links to with {% survey_link <id> %}: each recipient gets a personal, signed link."
        actions={
          <Button component={Link} to="/surveys/new" leftSection={<IconPlus size={16} />}>
            New survey
          </Button>
        }
      />
      <QueryState query={surveys}>
        {(list) =>
          list.length === 0 ? (
            <Paper withBorder p="lg" ta="center">
              <Text c="dimmed">No surveys yet.</Text>
            </Paper>
          ) : (
            <TableScroll minWidth={560}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Link tag</Table.Th>
                    <Table.Th ta="right">Questions</Table.Th>
                    <Table.Th ta="right">Respondents</Table.Th>
                    <Table.Th>Changed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((survey) => (
                    <Table.Tr key={survey.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/surveys/${survey.id}`}>
                          {survey.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text component="code" size="sm" ff="monospace">{`{% survey_link ${survey.id} %}`}</Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(survey.questions.length)}</Table.Td>
                      <Table.Td ta="right">
                        <Anchor component={Link} to={`/surveys/${survey.id}/results`}>
                          {formatNumber(survey.responses)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDateTime(survey.updatedAt)}</Table.Td>
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
