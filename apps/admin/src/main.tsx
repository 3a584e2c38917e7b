import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dropzone/styles.css';
import '@mantine/charts/styles.css';
import './global.css';

import { Badge, MantineProvider, Notification, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { AuthProvider } from './auth/auth-context';
import { router } from './router';

/** A hex color darkened toward black (0.75 keeps three quarters of it). */
function darker(hex: string, keep: number): string {
  const channels = [1, 3, 5].map((at) => Math.round(parseInt(hex.slice(at, at + 2), 16) * keep));
  return `#${channels.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Text in a color (dimmed text, light and outline badges, buttons and alerts, `c="orange"`) reaches the 4.5:1 contrast a
 * reader needs: Mantine's shades 6 to 9 do not on white or on their own light background, so colored text takes shade 9
 * darkened by a quarter, and dimmed text gray 7.
 */
const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.entries(theme.colors).flatMap(([name, shades]) => {
        const text = darker(shades[9], 0.75);
        return [
          [`--mantine-color-${name}-text`, text],
          [`--mantine-color-${name}-light-color`, text],
          [`--mantine-color-${name}-outline`, text],
        ];
      }),
    ),
  },
  dark: {},
});

const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8: white on it, and it on white, reach 4.5:1 (shade 6 does not).
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  components: {
    // A status reads in full or not at all: in a narrow row a badge would otherwise shrink to "SE…".
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } } }),
    // Its close button is an icon alone: without a name a screen reader announces "button" (axe: button-name).
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
  },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change by asking again.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
