import { createBrowserRouter } from 'react-router';
import { RequireAuth } from './auth/require-auth';
import { AppLayout } from './layout/app-layout';
import { AdminPage } from './pages/admin/admin-page';
import { SECTIONS } from './layout/sections';
import { ComingSoonPage } from './pages/coming-soon-page';
import {
  NewDynamicReportPage,
  SavedDynamicReportPage,
  TemplateDynamicReportPage,
} from './pages/dynamic-reports/dynamic-report-page';
import { DatabasePage } from './pages/databases/database-page';
import { DatabasesPage } from './pages/databases/databases-page';
import { HomePage } from './pages/home/home-page';
import { ImportJobPage } from './pages/imports/import-job-page';
import { ImportPage } from './pages/imports/import-page';
import { LoginPage } from './pages/login-page';
import { DocumentPage, NewDocumentPage } from './pages/mailings/document-editor-page';
import { EditMailingPage } from './pages/mailings/edit-mailing-page';
import { MailingPage } from './pages/mailings/mailing-page';
import { MailingsPage } from './pages/mailings/mailings-page';
import { NewMailingPage } from './pages/mailings/new-mailing-page';
import { SmsFaxPage } from './pages/mailings/sms-fax-page';
import { NotFoundPage } from './pages/not-found-page';
import { ProfilePage } from './pages/profiles/profile-page';
import { MailingReportPage } from './pages/reports/mailing-report-page';
import { SharedReportPage } from './pages/reports/shared-report-page';
import { FaxReportPage } from './pages/reports/fax-report-page';
import { SmsReportPage } from './pages/reports/sms-report-page';
import { SchedulesPage } from './pages/schedules/schedules-page';
import { SenderDomainsPage } from './pages/sender-domains/sender-domains-page';
import { NewSplitRunPage } from './pages/split-runs/new-split-run-page';
import { SplitRunPage } from './pages/split-runs/split-run-page';
import { EditSelectionPage, NewSelectionPage } from './pages/selections/selection-editor-page';
import { SelectionPage } from './pages/selections/selection-page';
import { StatisticsPage } from './pages/statistics/statistics-page';
import { EditSurveyPage, NewSurveyPage } from './pages/surveys/survey-editor-page';
import { SurveyResultsPage } from './pages/surveys/survey-results-page';
import { SurveysPage } from './pages/surveys/surveys-page';
import { WebsitePage } from './pages/websites/website-page';
import { WebsitesPage } from './pages/websites/websites-page';

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    // A shared report is for people without an account: outside the login and the app's navigation.
    { path: '/shared/:token', element: <SharedReportPage /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <HomePage /> },
        { path: 'databases', element: <DatabasesPage /> },
        { path: 'databases/:databaseId/import', element: <ImportPage /> },
        { path: 'databases/:databaseId/imports/:importId', element: <ImportJobPage /> },
        { path: 'databases/:databaseId/selections/new', element: <NewSelectionPage /> },
        { path: 'databases/:databaseId/selections/:selectionId', element: <SelectionPage /> },
        { path: 'databases/:databaseId/selections/:selectionId/edit', element: <EditSelectionPage /> },
        { path: 'databases/:databaseId/:tab?', element: <DatabasePage /> },
        { path: 'profiles/:profileId', element: <ProfilePage /> },
        { path: 'mailings', element: <MailingsPage tab="mailings" /> },
        { path: 'mailings/documents', element: <MailingsPage tab="documents" /> },
        { path: 'mailings/documents/new', element: <NewDocumentPage /> },
        { path: 'mailings/documents/:documentId', element: <DocumentPage /> },
        { path: 'mailings/new', element: <NewMailingPage /> },
        { path: 'mailings/split-runs/new', element: <NewSplitRunPage /> },
        { path: 'mailings/split-runs/:splitRunId', element: <SplitRunPage /> },
        { path: 'mailings/:mailingId', element: <MailingPage /> },
        { path: 'mailings/:mailingId/edit', element: <EditMailingPage /> },
        { path: 'mailings/:mailingId/report/:tab?', element: <MailingReportPage /> },
        { path: 'mailings/:mailingId/sms-results', element: <SmsReportPage /> },
        { path: 'mailings/:mailingId/fax-results', element: <FaxReportPage /> },
        { path: 'sms', element: <SmsFaxPage /> },
        { path: 'schedules', element: <SchedulesPage /> },
        { path: 'statistics/:tab?', element: <StatisticsPage /> },
        { path: 'statistics/dynamic/new', element: <NewDynamicReportPage /> },
        { path: 'statistics/dynamic/templates/:templateKey', element: <TemplateDynamicReportPage /> },
        { path: 'statistics/dynamic/:reportId', element: <SavedDynamicReportPage /> },
        { path: 'surveys', element: <SurveysPage /> },
        { path: 'surveys/new', element: <NewSurveyPage /> },
        { path: 'surveys/:surveyId', element: <EditSurveyPage /> },
        { path: 'surveys/:surveyId/results', element: <SurveyResultsPage /> },
        { path: 'websites', element: <WebsitesPage /> },
        { path: 'websites/:websiteId', element: <WebsitePage /> },
        { path: 'admin', element: <AdminPage /> },
        { path: 'admin/sender-domains', element: <SenderDomainsPage /> },
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
