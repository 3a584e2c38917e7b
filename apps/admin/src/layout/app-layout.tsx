import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { useHealth } from '../api/auth';
import { useAuth } from '../auth/auth-context';
import { SECTIONS } from './sections';

function HealthBadge() {
  const health = useHealth();
  if (health.isPending) return null;
  const down = health.isError
    ? ['api']
    : Object.entries(health.data.services)
        .filter(([, service]) => !service.up)
        .map(([name]) => name);
  return down.length === 0 ? (
    <Badge color="teal" variant="dot" size="sm">
      All systems up
    </Badge>
  ) : (
    <Tooltip label={`Not answering: ${down.join(', ')}`}>
      <Badge color="red" variant="dot" size="sm">
        Degraded
      </Badge>
    </Tooltip>
  );
}

function UserMenu() {
  const { user, logout } = useAuth();
  if (!user) return null;
  const initials = (user.name || user.email)
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label="User menu">
          <Group gap="xs">
            <Avatar size="sm" radius="xl" color="indigo">
              {initials}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {user.name || user.email}
            </Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Stack gap={0}>
            <Text size="sm" fw={500} c="bright">
              {user.email}
            </Text>
            <Text size="xs" c="dimmed">
              {user.role.toLowerCase()}
            </Text>
          </Stack>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={logout}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} size="lg" c="indigo">
              Herald
            </Text>
          </Group>
          <Group gap="md">
            <HealthBadge />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Sections">
        {SECTIONS.map((section) => (
          <NavLink
            key={section.path}
            component={RouterNavLink}
            to={section.path}
            label={section.label}
            leftSection={<section.icon size={18} stroke={1.6} />}
            rightSection={
              section.ready ? null : (
                <Badge size="xs" variant="light" color="gray">
                  soon
                </Badge>
              )
            }
            active={location.pathname === section.path || location.pathname.startsWith(`${section.path}/`)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
