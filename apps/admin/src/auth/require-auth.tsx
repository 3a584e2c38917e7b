import { Button, Center, Group, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiErrorAlert } from '../components/api-error-alert';
import { useAuth } from './auth-context';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { token, user, userError, reloadUser, logout } = useAuth();
  const location = useLocation();
  if (!token) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!user && userError) {
    return (
      <Center mih="100vh">
        <Stack w={420}>
          <ApiErrorAlert error={userError} title="Could not load your account" />
          <Group justify="flex-end">
            <Button variant="default" onClick={logout}>
              Log out
            </Button>
            <Button onClick={reloadUser}>Try again</Button>
          </Group>
        </Stack>
      </Center>
    );
  }
  if (!user) {
    return (
      <Center mih="100vh">
        <Loader />
      </Center>
    );
  }
  return <>{children}</>;
}
