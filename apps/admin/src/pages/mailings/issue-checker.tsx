import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconInfoCircle, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CheckFinding } from '@herald/contracts';
import { useAcknowledgeFindings, useMailingCheck } from '../../api/checks';
import {
  findingFixedIn,
  findingFixedInSenderDomains,
  findingPlace,
  findingsBySeverity,
  type FindingSeverity,
} from './issue-findings';

const COLOR: Record<FindingSeverity, string> = { error: 'red', warning: 'orange', info: 'blue' };
const ICON: Record<FindingSeverity, typeof IconX> = { error: IconX, warning: IconAlertTriangle, info: IconInfoCircle };

interface IssueCheckerProps {
  mailingId: number;
  documentId: number | null;
  /** Opens the form's step that fixes a finding. */
  onGoTo: (step: 'target' | 'settings') => void;
}

/**
 * The issue checker's findings on a saved mailing (issue 17), by severity, each with where it is and
 * how to fix it; warnings are acknowledged here, as the send and a schedule need them to be.
 */
export function IssueChecker({ mailingId, documentId, onGoTo }: IssueCheckerProps) {
  const check = useMailingCheck(mailingId);
  const acknowledge = useAcknowledgeFindings(mailingId);
  const [chosen, setChosen] = useState<string[]>([]);

  if (check.isPending) return <Loader size="sm" aria-label="Running the checks" />;
  if (check.isError)
    return (
      <Alert color="red" variant="light" title="The checks could not run">
        {check.error.message}
      </Alert>
    );
  const { findings, blocking, spamRating } = check.data;
  const open = findings.filter((f) => f.severity === 'warning' && !f.acknowledged);
  const errors = findings.filter((f) => f.severity === 'error').length;

  const fixLink = (finding: CheckFinding) => {
    const fixedIn = findingFixedIn(finding.where);
    if (fixedIn === 'document' && documentId !== null)
      return (
        <Anchor component={Link} to={`/mailings/documents/${documentId}`} size="sm">
          Open the document
        </Anchor>
      );
    if (fixedIn === 'target' || fixedIn === 'settings')
      return (
        <Anchor component="button" type="button" size="sm" onClick={() => onGoTo(fixedIn)}>
          Go to {fixedIn === 'target' ? 'the target' : 'the settings'}
        </Anchor>
      );
    return null;
  };

  return (
    <Stack gap="sm" data-testid="issue-checker">
      <Group justify="space-between" wrap="wrap">
        <Text fw={600} data-testid="issue-checker-summary">
          {blocking
            ? `Not ready to send: ${errors > 0 ? `${errors} error(s)` : ''}${errors > 0 && open.length > 0 ? ' and ' : ''}${open.length > 0 ? `${open.length} warning(s) to acknowledge` : ''}`
            : 'Ready to send: no errors, every warning acknowledged'}
        </Text>
        <Button variant="default" size="xs" onClick={() => void check.refetch()} loading={check.isFetching}>
          Check again
        </Button>
      </Group>
      {spamRating && (
        <Text size="sm" data-testid="spam-rating">
          Spam score {spamRating.score} (
          {spamRating.source === 'spamassassin' ? 'SpamAssassin' : `Herald’s estimate: ${spamRating.note ?? ''}`}
          ); over 3 is advised against, over 5 cannot be sent.
        </Text>
      )}
      {findingsBySeverity(findings).map((group) => {
        const Icon = ICON[group.severity];
        return (
          <Stack key={group.severity} gap="xs" data-testid={`findings-${group.severity}`}>
            <Title order={3} size="h5">
              {group.title} ({group.findings.length})
            </Title>
            {group.findings.map((finding) => (
              <Paper key={finding.key} withBorder p="sm" radius="sm">
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Icon size={18} color={`var(--mantine-color-${COLOR[group.severity]}-7)`} aria-hidden />
                  <Stack gap={4} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                    <Text size="sm">{finding.message}</Text>
                    {findingPlace(finding.where) && (
                      <Text size="xs" c="dimmed">
                        Where: {findingPlace(finding.where)}
                      </Text>
                    )}
                    <Text size="xs">How to fix: {finding.fix}</Text>
                    <Group gap="sm">
                      {fixLink(finding)}
                      {findingFixedInSenderDomains(finding) && (
                        <Anchor component={Link} to="/admin/sender-domains" size="sm">
                          Open Sender domains
                        </Anchor>
                      )}
                      {finding.severity === 'warning' &&
                        (finding.acknowledged ? (
                          <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
                            Acknowledged {new Date(finding.acknowledged.at).toLocaleString()}
                          </Badge>
                        ) : (
                          <Checkbox
                            label="I have read this and send anyway"
                            checked={chosen.includes(finding.key)}
                            onChange={(e) =>
                              setChosen(
                                e.currentTarget.checked
                                  ? [...chosen, finding.key]
                                  : chosen.filter((key) => key !== finding.key),
                              )
                            }
                          />
                        ))}
                    </Group>
                  </Stack>
                </Group>
              </Paper>
            ))}
          </Stack>
        );
      })}
      {open.length > 0 && (
        <Group>
          <Button
            onClick={() => acknowledge.mutate(chosen, { onSuccess: () => setChosen([]) })}
            disabled={chosen.length === 0}
            loading={acknowledge.isPending}
          >
            Acknowledge {chosen.length > 0 ? chosen.length : ''} warning(s)
          </Button>
          {acknowledge.isError && (
            <Text size="sm" c="red">
              {acknowledge.error.message}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
