import { PageHeader } from '../../components/page-header';
import { MailingForm } from './mailing-form';
import { EMPTY_MAILING_FORM } from './mailing-form-values';

export function NewMailingPage() {
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Mailings', to: '/mailings' }, { label: 'New mailing' }]}
        title="New mailing"
        description="What, to whom, settings, checks, then send: nothing goes out until you confirm the last step."
      />
      <MailingForm initial={EMPTY_MAILING_FORM} />
    </>
  );
}
