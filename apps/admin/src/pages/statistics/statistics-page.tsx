import { Tabs } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { CampaignPerformance } from './campaign-performance';
import { CompareMailings } from './compare-mailings';
import { MailingReportsList } from './mailing-reports-list';

const TABS = ['reports', 'compare', 'performance'] as const;
type Tab = (typeof TABS)[number];

export function StatisticsPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : 'reports';
  return (
    <>
      <PageHeader
        title="Statistics"
        description="The report of each mailing, mailings side by side, and how every email sent in a time frame performed."
      />
      <Tabs
        value={active}
        onChange={(next) => navigate(next && next !== 'reports' ? `/statistics/${next}` : '/statistics')}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="reports">Mailing reports</Tabs.Tab>
          <Tabs.Tab value="compare">Compare mailings</Tabs.Tab>
          <Tabs.Tab value="performance">Campaign email performance</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reports">
          <MailingReportsList />
        </Tabs.Panel>
        <Tabs.Panel value="compare">
          <CompareMailings />
        </Tabs.Panel>
        <Tabs.Panel value="performance">
          <CampaignPerformance />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
