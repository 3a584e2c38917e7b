import { List, Paper, Text } from '@mantine/core';
import type { FieldResponse as Field, SelectionGroup } from '@herald/contracts';
import { describeConditions, type ConditionLine } from './condition-summary';

function Lines({ line }: { line: ConditionLine }) {
  if ('text' in line) return <Text size="sm">{line.text}</Text>;
  return (
    <>
      <Text size="sm" fw={600}>
        {line.op === 'AND' ? 'All of these:' : 'Any of these:'}
      </Text>
      <List size="sm" spacing={4} withPadding>
        {line.lines.map((child, index) => (
          <List.Item key={index}>
            <Lines line={child} />
          </List.Item>
        ))}
      </List>
    </>
  );
}

/** The saved conditions of a selection, as text to read (editing happens on the edit page). */
export function ConditionSummary({ conditions, fields }: { conditions: SelectionGroup; fields: readonly Field[] }) {
  return (
    <Paper withBorder p="md" data-testid="selection-conditions">
      <Lines line={describeConditions(conditions, fields)} />
    </Paper>
  );
}
