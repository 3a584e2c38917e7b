import { Alert, Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { isMailingEditable, useMailing } from '../../api/mailings';
import type { MailingResponse as Mailing } from '@herald/contracts';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { useIdParam } from '../../components/use-id-param';
import { MailingForm } from './mailing-form';
import { formValuesOf } from './mailing-form-values';

function EditMailing({ mailing }: { mailing: Mailing }) {
  const crumbs = [
    { label: 'Mailings', to: '/mailings' },
    { label: mailing.name, to: `/mailings/${mailing.id}` },
    { label: 'Edit' },
  ];
  if (!isMailingEditable(mailing))
    return (
      <>
        <PageHeader crumbs={crumbs} title={`Edit “${mailing.name}”`} />
        <Alert color="orange" variant="light" title="This mailing can no longer be edited">
          It is {mailing.status.toLowerCase()}: only drafts and scheduled mailings change.{' '}
          <Anchor component={Link} to={`/mailings/${mailing.id}`}>
            Back to the mailing
          </Anchor>
        </Alert>
      </>
    );
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={`Edit “${mailing.name}”`}
        description="A draft changes freely until it is sent; sending asks for confirmation in the last step."
      />
      <MailingForm initial={formValuesOf(mailing)} mailing={mailing} />
    </>
  );
}

export function EditMailingPage() {
  const mailing = useMailing(useIdParam('mailingId'));
  return <QueryState query={mailing}>{(m) => <EditMailing mailing={m} />}</QueryState>;
}
