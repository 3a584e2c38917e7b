import { Anchor, Badge, Group, Pagination, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useProfileHistory } from '../../api/reports';
import type { DominantResult, ProfileHistoryEntry, ProfileHistoryEvent } from '@herald/contracts';
import { formatDateTime } from '../../components/format';
import { QueryState } from '../../components/query-state';
import { DOMINANT_COLORS, DOMINANT_LABELS } from '../reports/report-figures';

const EVENT_LABELS: Record<string, string> = {
  DELIVERED: 'Delivered',
  ERROR: 'Error',
  IMPRESSION: 'Opened',
  CLICK: 'Clicked',
  UNSUBSCRIBE: 'Unsubscribed',
  COMPLAINT: 'Marked as spam',
};

function isDominantResult(value: string): value is DominantResult {
  return value in DOMINANT_LABELS;
}

function eventDetail(event: ProfileHistoryEvent): string | null {
  if (event.link) return event.link.url;
  if (event.error)
    return [
      event.error.action ?? event.error.kind?.toLowerCase(),
      event.error.reason,
      event.error.code,
      event.error.text,
    ]
      .filter(Boolean)
      .join(' · ');
  return event.providerStatus;
}

function MailingReceived({ entry }: { entry: ProfileHistoryEntry }) {
  const { mailing, destination, events } = entry;
  const result = destination.dominantResult;
  return (
    <Paper withBorder p="md" data-testid="history-mailing">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Anchor component={Link} to={`/mailings/${mailing.id}`} fw={600}>
              {mailing.name}
            </Anchor>
            <Text size="xs" c="dimmed">
              {mailing.channel.toLowerCase()} to {destination.address} · sent {formatDateTime(destination.sentAt)}
            </Text>
          </div>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="outline" color="gray" size="sm">
              {destination.status.toLowerCase()}
            </Badge>
            <Badge
              variant="light"
              size="sm"
              color={isDominantResult(result) ? DOMINANT_COLORS[result].split('.')[0] : 'gray'}
            >
              {isDominantResult(result) ? DOMINANT_LABELS[result] : result}
            </Badge>
          </Group>
        </Group>
        {events.length === 0 ? (
          <Text size="xs" c="dimmed">
            Nothing registered.
          </Text>
        ) : (
          <Timeline bulletSize={12} lineWidth={2} active={events.length}>
            {events.map((event, index) => (
              <Timeline.Item
                key={index}
                title={
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {EVENT_LABELS[event.type] ?? event.type}
                    </Text>
                    {event.machine && (
                      <Badge size="xs" variant="light" color="gray">
                        machine
                      </Badge>
                    )}
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  {formatDateTime(event.occurredAt)}
                  {eventDetail(event) ? ` · ${eventDetail(event)}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
    </Paper>
  );
}

/** Every mailing the profile received, newest first, with what happened to each. */
export function ProfileHistoryPanel({ profileId }: { profileId: number }) {
  const [page, setPage] = useState(1);
  const history = useProfileHistory(profileId, page);
  return (
    <QueryState query={history}>
      {({ mailings }) => (
        <Stack>
          <Title order={5}>
            {mailings.total} {mailings.total === 1 ? 'mailing' : 'mailings'} received
          </Title>
          {mailings.items.length === 0 && (
            <Text size="sm" c="dimmed">
              This profile has not received a mailing yet.
            </Text>
          )}
          {mailings.items.map((entry) => (
            <MailingReceived key={entry.destination.id} entry={entry} />
          ))}
          {mailings.total > mailings.pageSize && (
            <Pagination
              total={Math.ceil(mailings.total / mailings.pageSize)}
              value={page}
              onChange={setPage}
              size="sm"
            />
          )}
        </Stack>
      )}
    </QueryState>
  );
}
