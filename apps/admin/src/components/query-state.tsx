import { Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from './api-error-alert';

/** Renders a query's loading and error states the same way everywhere, and the content once data is there. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (query.isError) return <ApiErrorAlert error={query.error} title="Could not load" />;
  return <>{children(query.data)}</>;
}
