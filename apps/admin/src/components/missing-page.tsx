import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { usePageTitle } from './use-page-title';

/** What an address that names nothing shows: a page, with a way back, instead of the API's error. */
export function MissingPage({ thing }: { thing?: string }) {
  const title = thing ? `No such ${thing}` : 'Page not found';
  usePageTitle(title);
  return (
    <Stack align="center" mt="xl" data-testid="missing-page">
      <Title order={2}>{title}</Title>
      <Text c="dimmed" ta="center">
        {thing
          ? `There is no ${thing} at this address: it may have been deleted, or the link is mistyped.`
          : 'There is nothing at this address.'}
      </Text>
      <Button component={Link} to="/" variant="light">
        Go to the home page
      </Button>
    </Stack>
  );
}
