import { sendMailing, type E2eStack } from './e2e';

/**
 * A fax mailing sent over the API and SENT: one profile per fax number (company `Company<n>` for the
 * n-th) plus one whose number does not parse, and a personalised text long enough for two pages.
 */
export async function sendFaxMailing(stack: E2eStack, name: string, numbers: string[]): Promise<number> {
  const { prisma, accountId, api, token } = stack;
  const databaseId = (await prisma.database.create({ data: { accountId, name: 'Faxes' } })).id;
  await prisma.profile.createMany({
    data: numbers
      .map((fax, i) => ({ accountId, databaseId, fax, values: { company: `Company${i + 1}` } }))
      .concat([{ accountId, databaseId, fax: '+31 20 12', values: { company: 'Broken' } }]),
  });
  const body = `To {{ profile.company }}\n\n${'Prices change on 1 January.\n'.repeat(60)}`;
  const document = await api.request<{ id: number }>('POST', '/documents/text', {
    token,
    body: { name: 'Fax', channel: 'FAX', body },
  });
  if (document.status !== 201) throw new Error(`POST /documents/text answered ${document.status}`);
  return (await sendMailing(stack, { name, document: document.body.id, target: { databaseId } })).mailingId;
}
