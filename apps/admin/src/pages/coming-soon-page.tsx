import { Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { usePageTitle } from '../components/use-page-title';
import type { Section } from '../layout/sections';

export function ComingSoonPage({ section }: { section: Section }) {
  usePageTitle(section.label);
  return (
    <Paper withBorder radius="md" p="xl" maw={560} mx="auto" mt="xl">
      <Stack align="center" gap="sm">
        <ThemeIcon size={56} radius="xl" variant="light" color="indigo">
          <section.icon size={30} />
        </ThemeIcon>
        <Title order={2}>{section.label}</Title>
        <Text c="dimmed" ta="center">
          {section.label} is not built yet: it comes in a later release. Until then, manage your databases, profiles,
          imports and selections under Databases.
        </Text>
      </Stack>
    </Paper>
  );
}
