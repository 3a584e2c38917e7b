import { Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { ApiErrorAlert } from './api-error-alert';
import { addressedThing } from './id-params';
import { MissingPage } from './missing-page';

/**
 * Renders a query's loading and error states the same way everywhere, and the content once data is there. A 404 is the
 * address naming something that is not there (or not this account's): a "No such …" page, not an error.
 */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const params = useParams();
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (query.isError && query.error instanceof ApiError && query.error.status === 404) {
    return <MissingPage thing={addressedThing(params)} />;
  }
  if (query.isError) return <ApiErrorAlert error={query.error} title="Could not load" />;
  return <>{children(query.data)}</>;
}
