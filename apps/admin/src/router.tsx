import { createBrowserRouter, Navigate } from 'react-router';
import { RequireAuth } from './auth/require-auth';
import { AppLayout } from './layout/app-layout';
import { SECTIONS } from './layout/sections';
import { ComingSoonPage } from './pages/coming-soon-page';
import { DatabasePage } from './pages/databases/database-page';
import { DatabasesPage } from './pages/databases/databases-page';
import { ImportJobPage } from './pages/imports/import-job-page';
import { ImportPage } from './pages/imports/import-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { ProfilePage } from './pages/profiles/profile-page';
import { EditSelectionPage, NewSelectionPage } from './pages/selections/selection-editor-page';
import { SelectionPage } from './pages/selections/selection-page';

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <Navigate to="/databases" replace /> },
        { path: 'databases', element: <DatabasesPage /> },
        { path: 'databases/:databaseId/import', element: <ImportPage /> },
        { path: 'databases/:databaseId/imports/:importId', element: <ImportJobPage /> },
        { path: 'databases/:databaseId/selections/new', element: <NewSelectionPage /> },
        { path: 'databases/:databaseId/selections/:selectionId', element: <SelectionPage /> },
        { path: 'databases/:databaseId/selections/:selectionId/edit', element: <EditSelectionPage /> },
        { path: 'databases/:databaseId/:tab?', element: <DatabasePage /> },
        { path: 'profiles/:profileId', element: <ProfilePage /> },
        ...SECTIONS.filter((section) => !section.ready).map((section) => ({
          path: section.path.slice(1),
          element: <ComingSoonPage section={section} />,
        })),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);
