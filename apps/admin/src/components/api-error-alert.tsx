import { Alert, List, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ApiError } from '../api/client';

/** Shows what the API said went wrong: its message and, per input, each issue as "path: message". */
export function ApiErrorAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertCircle size={18} />} role="alert">
      <Text size="sm">{message}</Text>
      {issues.length > 0 && (
        <List size="sm" mt="xs" spacing={2}>
          {issues.map((issue, index) => (
            <List.Item key={`${issue.path}-${index}`}>
              {issue.path ? (
                <Text span fw={600} size="sm">
                  {issue.path}:{' '}
                </Text>
              ) : null}
              {issue.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** The issue the API reported on one input, for the input's `error` prop. */
export function issueAt(error: unknown, path: string): string | undefined {
  return error instanceof ApiError ? error.issueAt(path) : undefined;
}
