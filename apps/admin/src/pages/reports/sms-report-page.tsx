import { Group } from '@mantine/core';
import type { MailingResponse as Mailing, SmsReportResponse as SmsReport } from '@herald/contracts';
import { useMailing } from '../../api/mailings';
import { useSmsReport } from '../../api/sms';
import { formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { MailingStatusBadge } from '../mailings/mailing-status-badge';
import { ExportMenu } from './export-menu';
import { ProviderResults, ResultFigure } from './provider-results';

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

function SmsResults({ mailing, report }: { mailing: Mailing; report: SmsReport }) {
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Mailings', to: '/mailings' },
          { label: mailing.name, to: `/mailings/${mailing.id}` },
          { label: 'SMS results' },
        ]}
        pageTitle={`SMS results: ${mailing.name}`}
        title={
          <Group gap="sm">
            {mailing.name}
            <MailingStatusBadge status={mailing.status} />
          </Group>
        }
        description="Twilio's status callbacks fill these in as they arrive; the page reads them every few seconds."
        actions={<ExportMenu mailingId={mailing.id} only="recipients" />}
      />
      <ProviderResults figures={report} provider="Twilio" prefix="sms">
        <ResultFigure label="Segments" value={formatNumber(report.segments)} testId="sms-segments" />
        <ResultFigure
          label="Cost"
          value={usd.format(report.cost)}
          testId="sms-cost"
          hint={`${usd.format(report.pricePerSegment)} a segment`}
        />
      </ProviderResults>
    </>
  );
}

export function SmsReportPage() {
  const id = useIdParam('mailingId');
  const mailing = useMailing(id);
  const report = useSmsReport(id);
  return (
    <QueryState query={mailing}>
      {(m) => <QueryState query={report}>{(r) => <SmsResults mailing={m} report={r} />}</QueryState>}
    </QueryState>
  );
}
