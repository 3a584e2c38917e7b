import { Group } from '@mantine/core';
import type { FaxReportResponse as FaxReport, MailingResponse as Mailing } from '@herald/contracts';
import { useFaxReport } from '../../api/fax';
import { useMailing } from '../../api/mailings';
import { formatNumber } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { MailingStatusBadge } from '../mailings/mailing-status-badge';
import { ExportMenu } from './export-menu';
import { ProviderResults, ResultFigure } from './provider-results';

function FaxResults({ mailing, report }: { mailing: Mailing; report: FaxReport }) {
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Mailings', to: '/mailings' },
          { label: mailing.name, to: `/mailings/${mailing.id}` },
          { label: 'Fax results' },
        ]}
        pageTitle={`Fax results: ${mailing.name}`}
        title={
          <Group gap="sm">
            {mailing.name}
            <MailingStatusBadge status={mailing.status} />
          </Group>
        }
        description="The fax service's status callbacks (delivered, busy, no answer, failed) fill these in as they arrive."
        actions={<ExportMenu mailingId={mailing.id} only="recipients" />}
      />
      <ProviderResults figures={report} provider="the fax service" prefix="fax">
        <ResultFigure
          label="Pages"
          value={formatNumber(report.pages)}
          testId="fax-pages"
          hint="Sent or tried, as the fax API reports them"
        />
      </ProviderResults>
    </>
  );
}

export function FaxReportPage() {
  const id = useIdParam('mailingId');
  const mailing = useMailing(id);
  const report = useFaxReport(id);
  return (
    <QueryState query={mailing}>
      {(m) => <QueryState query={report}>{(r) => <FaxResults mailing={m} report={r} />}</QueryState>}
    </QueryState>
  );
}
