import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Stack align="center" mt="xl">
      <Title order={3}>Page not found</Title>
      <Text c="dimmed">There is nothing at this address.</Text>
      <Button component={Link} to="/databases" variant="light">
        Go to databases
      </Button>
    </Stack>
  );
}
