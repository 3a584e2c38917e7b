import { Tabs } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { CampaignPerformance } from './campaign-performance';
import { DynamicReportsList } from '../dynamic-reports/dynamic-reports-list';
import { CompareMailings } from './compare-mailings';
import { MailingReportsList } from './mailing-reports-list';

const TABS = ['reports', 'compare', 'performance', 'dynamic'] as const;
type Tab = (typeof TABS)[number];

export function StatisticsPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : 'reports';
  return (
    <>
      <PageHeader
        title="Statistics"
        description="The report of each mailing, mailings side by side, how every email sent in a time frame performed, and results by who the recipients are."
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
          <Tabs.Tab value="dynamic">Dynamic reports</Tabs.Tab>
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
        <Tabs.Panel value="dynamic">
          <DynamicReportsList />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
