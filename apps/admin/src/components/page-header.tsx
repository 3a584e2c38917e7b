import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from './use-page-title';

export interface Crumb {
  label: string;
  to?: string;
}

/**
 * The same header on every page: where you are, the title (the page's one h2, and the browser tab's title), and the
 * page's main actions on the right. A title that is not plain text names the tab through pageTitle.
 */
export function PageHeader({
  title,
  pageTitle,
  description,
  crumbs = [],
  actions,
}: {
  title: ReactNode;
  pageTitle?: string;
  description?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
}) {
  usePageTitle(pageTitle ?? (typeof title === 'string' ? title : undefined));
  return (
    <Stack gap={4} mb="lg">
      {crumbs.length > 0 && (
        <Breadcrumbs separatorMargin={6}>
          {crumbs.map((crumb) =>
            crumb.to ? (
              <Anchor key={crumb.label} component={Link} to={crumb.to} size="sm">
                {crumb.label}
              </Anchor>
            ) : (
              <Text key={crumb.label} size="sm" c="dimmed">
                {crumb.label}
              </Text>
            ),
          )}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={2}>{title}</Title>
          {description && (
            <Text c="dimmed" size="sm">
              {description}
            </Text>
          )}
        </div>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
    </Stack>
  );
}
