import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { ApiErrorAlert, issueAt } from '../components/api-error-alert';
import { usePageTitle } from '../components/use-page-title';

export function LoginPage() {
  const { token, login } = useAuth();
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  const submit = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: () => navigate(next.startsWith('/') ? next : '/', { replace: true }),
  });

  if (token && !submit.isPending) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };

  return (
    <Center component="main" mih="100vh" bg="var(--mantine-color-gray-0)">
      <Paper withBorder shadow="sm" radius="md" p="xl" w={380}>
        <form onSubmit={onSubmit}>
          <Stack>
            <div>
              <Title order={2} c="indigo">
                Herald
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to manage your databases and mailings.
              </Text>
            </div>
            <ApiErrorAlert error={submit.error} title="Could not sign in" />
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={issueAt(submit.error, 'email')}
              data-autofocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={issueAt(submit.error, 'password')}
            />
            <Button type="submit" loading={submit.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
