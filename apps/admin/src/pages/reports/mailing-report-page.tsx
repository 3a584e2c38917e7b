import { Button, Group, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowsSplit, IconShare } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { isMailingActive } from '../../api/mailings';
import { useMailingReport } from '../../api/reports';
import type { MailingReportResponse as MailingReport } from '@herald/contracts';
import { formatDateTime, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { MailingStatusBadge, MAILING_STATUS_LABELS } from '../mailings/mailing-status-badge';
import { ErrorsPanel } from './errors-panel';
import { ExportMenu } from './export-menu';
import { RecipientsPanel } from './recipients-panel';
import { ReportOverview } from './report-overview';
import { ShareModal } from './share-modal';

const TABS = ['overview', 'errors', 'recipients'] as const;
type Tab = (typeof TABS)[number];

/** "· stopped by Ada at 4 Dec 2026, 16:20 (280 not sent)": who ended it early, when, and what was left unsent. */
function endedEarly({ mailing, keyFigures }: MailingReport): string {
  if (!mailing.ended) return '';
  const { how, by, at } = mailing.ended;
  const unsent = keyFigures.cancelled > 0 ? ` (${formatNumber(keyFigures.cancelled)} not sent)` : '';
  return ` · ${how}${by ? ` by ${by}` : ''} at ${formatDateTime(at)}${unsent}`;
}

function ReportDetail({ report }: { report: MailingReport }) {
  const { tab } = useParams();
  const navigate = useNavigate();
  const [sharing, share] = useDisclosure(false);
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : 'overview';
  const { mailing } = report;
  const status =
    mailing.status in MAILING_STATUS_LABELS ? (mailing.status as keyof typeof MAILING_STATUS_LABELS) : null;
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Mailings', to: '/mailings' },
          { label: mailing.name, to: `/mailings/${mailing.id}` },
          { label: 'Report' },
        ]}
        pageTitle={`Report: ${mailing.name}`}
        title={
          <Group gap="sm">
            {mailing.name}
            {status && <MailingStatusBadge status={status} />}
          </Group>
        }
        description={`Sent ${formatDateTime(mailing.sentAt)}${mailing.finishedAt ? ` · finished ${formatDateTime(mailing.finishedAt)}` : ''}${endedEarly(report)}${
          isMailingActive(mailing) ? ' · the figures refresh while it sends' : ''
        }`}
        actions={
          <>
            {mailing.splitRunId !== null && (
              <Button
                variant="default"
                leftSection={<IconArrowsSplit size={16} />}
                component={Link}
                to={`/mailings/split-runs/${mailing.splitRunId}`}
              >
                Split-run comparison
              </Button>
            )}
            <ExportMenu mailingId={mailing.id} />
            <Button leftSection={<IconShare size={16} />} onClick={share.open}>
              Share
            </Button>
          </>
        }
      />
      <Tabs
        value={active}
        onChange={(next) => navigate(`/mailings/${mailing.id}/report${next && next !== 'overview' ? `/${next}` : ''}`)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="errors">
            Errors{' '}
            <Text span size="xs" c="dimmed">
              ({formatNumber(report.errors.total)})
            </Text>
          </Tabs.Tab>
          <Tabs.Tab value="recipients">Recipients</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <ReportOverview report={report} />
        </Tabs.Panel>
        <Tabs.Panel value="errors">
          <ErrorsPanel mailingId={mailing.id} />
        </Tabs.Panel>
        <Tabs.Panel value="recipients">
          <RecipientsPanel mailingId={mailing.id} />
        </Tabs.Panel>
      </Tabs>
      <ShareModal mailingId={mailing.id} mailingName={mailing.name} opened={sharing} onClose={share.close} />
    </>
  );
}

export function MailingReportPage() {
  const report = useMailingReport(useIdParam('mailingId'));
  return <QueryState query={report}>{(r) => <ReportDetail report={r} />}</QueryState>;
}
