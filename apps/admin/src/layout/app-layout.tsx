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
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { NavLink as RouterNavLink, Outlet, useLocation, useParams } from 'react-router';
import { useHealth } from '../api/auth';
import { useAuth } from '../auth/auth-context';
import { malformedIdThing } from '../components/id-params';
import { MissingPage } from '../components/missing-page';
import classes from './app-layout.module.css';
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
        <UnstyledButton>
          <Group gap="xs">
            <Avatar size="sm" radius="xl" color="indigo" aria-hidden>
              {initials}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {user.name || user.email}
            </Text>
            <VisuallyHidden>Account menu</VisuallyHidden>
            <IconChevronDown size={14} aria-hidden />
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

// Sections not built yet, listed apart under one note; none now that SMS and fax have their page.
const comingLater = SECTIONS.filter((section) => !section.ready);

/** Home is active on its own address only; any other section also on the pages under it. */
function isActive(path: string, pathname: string): boolean {
  return path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  // `/mailings/abc` names no mailing: say so here rather than ask the API, which would refuse the id as input.
  const malformed = malformedIdThing(useParams());
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a href="#main-content" className={classes.skipLink}>
        Skip to main content
      </a>
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
        {SECTIONS.filter((section) => section.ready).map((section) => (
          <NavLink
            key={section.path}
            component={RouterNavLink}
            to={section.path}
            label={section.label}
            leftSection={<section.icon size={18} stroke={1.6} />}
            active={isActive(section.path, location.pathname)}
            onClick={close}
          />
        ))}
        {comingLater.length > 0 && (
          <Text size="xs" c="dimmed" px="sm" mt="md" data-testid="coming-sections">
            Coming later: {comingLater.map((section) => section.label).join(', ')}
          </Text>
        )}
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)" id="main-content" tabIndex={-1}>
        {malformed ? <MissingPage thing={malformed} /> : <Outlet />}
      </AppShell.Main>
    </AppShell>
  );
}
