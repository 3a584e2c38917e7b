import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Stepper,
  Switch,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCheck,
  IconDeviceFloppy,
  IconExternalLink,
  IconSend,
  IconUsers,
  IconX,
} from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useDatabase, useDatabases } from '../../api/databases';
import { useDocument, useDocuments } from '../../api/documents';
import {
  useCreateMailing,
  useSendMailing,
  useTargetAudience,
  useUpdateMailing,
  type MailingInput,
} from '../../api/mailings';
import { useCreateSchedule } from '../../api/schedules';
import { useCreateAndStartSplitRun, useCreateSplitRun, useSplitRunDraftPlan } from '../../api/split-runs';
import { useSelections } from '../../api/selections';
import type {
  CreateScheduleInput,
  MailingAudienceResponse as MailingAudience,
  MailingResponse as Mailing,
  TargetType,
} from '@herald/contracts';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { formatNumber } from '../../components/format';
import { ConfirmButton } from './confirm-button';
import { leftOutReasons, mailingChecks, sendSummary } from './mailing-audience';
import { mailingRequestOf, targetOf, type MailingFormValues } from './mailing-form-values';
import { IssueChecker } from './issue-checker';
import { ScheduleDialog } from './schedule-dialog';
import { SplitRunFields } from '../split-runs/split-run-fields';
import {
  EMPTY_SPLIT_RUN,
  planRequestOf,
  splitRunRequestOf,
  splitRunSummary,
} from '../split-runs/split-run-form-values';

const TARGETS: Array<{ value: TargetType; label: string }> = [
  { value: 'DATABASE', label: 'Database' },
  { value: 'COLLECTION', label: 'Collection' },
  { value: 'SELECTION', label: 'Selection' },
];

const STEPS = ['What', 'To whom', 'Settings', 'Checks', 'Send'] as const;

/** The step that holds the field an API issue names, so an error opens where it can be fixed. */
function stepOfIssue(path: string): number {
  if (path === 'name' || path === 'documentId') return 0;
  // A new mailing's split-run (its variants, groups and winner) is set with the settings.
  if (path.startsWith('variants') || path === 'waitMinutes' || path === 'significanceLevel') return 2;
  if (path.startsWith('settings')) return 2;
  return 1;
}

const idOf = (value: string | null): number | null => (value ? Number(value) : null);

function CollectionSelect({
  databaseId,
  value,
  onChange,
  error,
}: {
  databaseId: number;
  value: number | null;
  onChange(id: number | null): void;
  error?: string;
}) {
  const database = useDatabase(databaseId);
  const data = (database.data?.collections ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  return (
    <Select
      label="Collection"
      required
      placeholder={
        database.isPending ? 'Loading…' : data.length ? 'Choose a collection' : 'This database has no collections'
      }
      data={data}
      value={value === null ? null : String(value)}
      onChange={(next) => onChange(idOf(next))}
      error={error}
      searchable
    />
  );
}

function SelectionSelect({
  databaseId,
  value,
  onChange,
  error,
}: {
  databaseId: number;
  value: number | null;
  onChange(id: number | null, overCollection: boolean): void;
  error?: string;
}) {
  const selections = useSelections(databaseId);
  const list = selections.data ?? [];
  return (
    <Select
      label="Selection"
      required
      placeholder={
        selections.isPending ? 'Loading…' : list.length ? 'Choose a selection' : 'This database has no selections'
      }
      data={list.map((s) => ({ value: String(s.id), label: s.name }))}
      value={value === null ? null : String(value)}
      onChange={(next) => {
        const id = idOf(next);
        onChange(id, list.find((s) => s.id === id)?.collectionId != null);
      }}
      error={error}
      searchable
    />
  );
}

/** The live count of the chosen target: who gets it and who is left out, and why. */
function AudienceCount({ audience, pending, error }: { audience?: MailingAudience; pending: boolean; error: unknown }) {
  if (error) return <ApiErrorAlert error={error} title="Could not count the recipients" />;
  if (!audience)
    return (
      <Text size="sm" c="dimmed">
        {pending ? 'Counting…' : 'Choose a target to see how many it reaches.'}
      </Text>
    );
  const leftOut = leftOutReasons(audience);
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="audience-count">
      <ThemeIcon variant="light" size="lg">
        <IconUsers size={18} />
      </ThemeIcon>
      <div>
        <Text fw={700} size="lg">
          {formatNumber(audience.recipients)} {audience.recipients === 1 ? 'recipient' : 'recipients'}
          {pending && <Loader size="xs" ml="xs" />}
        </Text>
        <Text size="xs" c="dimmed">
          {leftOut ? `Left out: ${leftOut}.` : 'Nobody in this target is left out.'}
        </Text>
      </div>
    </Group>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h5">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * The mailing form, walked through in order: what, to whom (with its live count), settings, checks,
 * and send. A new mailing and a draft being edited use the same form; nothing is sent before the last
 * step's confirmation (send now, or schedule). The checks step runs the issue checker (issue 17) on a saved draft.
 */
export function MailingForm({ initial, mailing }: { initial: MailingFormValues; mailing?: Mailing }) {
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const [values, setValues] = useState(initial);
  const [splitRun, setSplitRun] = useState(EMPTY_SPLIT_RUN);
  const [active, setActive] = useState(0);
  const set = <K extends keyof MailingFormValues>(key: K, value: MailingFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const create = useCreateMailing();
  const update = useUpdateMailing(mailing?.id ?? 0);
  const send = useSendMailing();
  const schedule = useCreateSchedule();
  const save = mailing ? update : create;
  const documents = useDocuments();
  const databases = useDatabases();
  const document = useDocument(values.documentId ?? 0, values.documentId !== null);
  const chosenDocument = values.documentId !== null ? document.data : undefined;
  const channel = (documents.data ?? []).find((d) => d.id === values.documentId)?.channel ?? 'EMAIL';
  const target = targetOf(values);
  const audience = useTargetAudience(target && { ...target, channel, skipDuplicates: values.skipDuplicates });
  const counted = target ? audience.data : undefined;
  const checks = mailingChecks({
    channel,
    subject: chosenDocument?.latest.subject ?? null,
    fromAddress: chosenDocument?.latest.fromAddress ?? null,
    html: chosenDocument?.latest.html ?? null,
    recipients: counted?.recipients ?? null,
  });
  const createSplitRun = useCreateSplitRun();
  const startSplitRun = useCreateAndStartSplitRun();
  const splitRunOn = !mailing && splitRun.enabled;
  const splitRunPlan = useSplitRunDraftPlan(
    mailing ? null : planRequestOf(splitRun, target, { channel, skipDuplicates: values.skipDuplicates }),
  );
  const plan = splitRunOn && target ? splitRunPlan.data : undefined;
  const splitRunError = createSplitRun.error ?? startSplitRun.error;
  const error = splitRunOn ? splitRunError : (save.error ?? send.error);

  const saveThen = (then: (saved: Mailing) => void) => {
    const request = mailingRequestOf(values);
    const onError = (err: unknown) => {
      const first = err instanceof ApiError ? err.issues[0] : undefined;
      if (first) setActive(stepOfIssue(first.path));
    };
    if (mailing) update.mutate(request, { onSuccess: then, onError });
    else create.mutate(request as MailingInput, { onSuccess: then, onError });
  };
  const onSaveDraft = () =>
    saveThen((saved) => {
      notifications.show({ color: 'teal', message: `Draft “${saved.name}” saved` });
      navigate(`/mailings/${saved.id}`);
    });
  // Enter in a field moves on a step; only the last step's buttons save or send.
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (active < STEPS.length - 1) setActive(active + 1);
  };
  // A split-run instead of the mailing: each variant becomes a mailing of its own when it is created.
  const splitRunRequest = () => {
    const { name, documentId, settings, ...target } = mailingRequestOf(values);
    return splitRunRequestOf(splitRun, { name, documentId, settings, target });
  };
  const onSplitRunError = (err: unknown) => {
    const first = err instanceof ApiError ? err.issues[0] : undefined;
    if (first) setActive(stepOfIssue(first.path.replace(/^target\./, '')));
  };
  const onSaveSplitRun = () =>
    createSplitRun.mutate(splitRunRequest(), {
      onSuccess: (run) => {
        notifications.show({ color: 'teal', message: `Split-run “${run.name}” saved; it starts when you start it` });
        navigate(`/mailings/split-runs/${run.id}`);
      },
      onError: onSplitRunError,
    });
  const onStartSplitRun = (close: () => void) =>
    startSplitRun.mutate(
      { input: splitRunRequest(), at: splitRun.startAt ? new Date(splitRun.startAt).toISOString() : null },
      {
        onSuccess: ({ run, startError }) => {
          close();
          notifications.show(
            startError
              ? {
                  color: 'orange',
                  message: `Split-run “${run.name}” is saved but not started: ${startError instanceof Error ? startError.message : 'the start was refused'}`,
                }
              : { color: 'teal', message: `Split-run “${run.name}” started: its test groups are on their way` },
          );
          navigate(`/mailings/split-runs/${run.id}`);
        },
        onError: onSplitRunError,
      },
    );
  const onSchedule = (input: CreateScheduleInput, close: () => void) =>
    saveThen((saved) =>
      schedule.mutate(
        { mailingId: saved.id, input },
        {
          onSuccess: (scheduled) => {
            close();
            notifications.show({ color: 'teal', message: `“${saved.name}” is scheduled: ${scheduled.summary}` });
            navigate(`/mailings/${saved.id}`);
          },
        },
      ),
    );
  const onSend = (close: () => void) =>
    saveThen((saved) =>
      send.mutate(saved.id, {
        onSuccess: () => {
          close();
          notifications.show({ color: 'teal', message: `“${saved.name}” is queued for sending` });
          navigate(`/mailings/${saved.id}`);
        },
      }),
    );

  const documentOptions = (documents.data ?? []).map((d) => ({ value: String(d.id), label: d.name }));
  const steps: ReactNode[] = [
    <Section key="what" title="What">
      <TextInput
        label="Name"
        description="For you and your colleagues; recipients never see it."
        required
        value={values.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={issueAt(save.error, 'name')}
        data-autofocus
      />
      <Select
        label="Document"
        required
        searchable
        placeholder={
          documents.isPending ? 'Loading…' : documentOptions.length ? 'Choose a document' : 'No documents yet'
        }
        data={documentOptions}
        value={values.documentId === null ? null : String(values.documentId)}
        onChange={(value) => set('documentId', idOf(value))}
        error={issueAt(save.error, 'documentId')}
        description={
          documentOptions.length === 0 && !documents.isPending ? (
            <Text size="xs" span>
              <Link to="/mailings/documents/new">Write a document</Link> first.
            </Text>
          ) : (
            'The newest version of the document at the moment of sending is the one that goes out.'
          )
        }
      />
      {chosenDocument && (
        <Group justify="space-between" gap="xs" data-testid="chosen-document">
          {channel === 'EMAIL' ? (
            <Text size="sm">
              <Text span c="dimmed">
                Subject:{' '}
              </Text>
              {chosenDocument.latest.subject ?? '—'}
              <Text span c="dimmed">
                {' '}
                · From:{' '}
              </Text>
              {chosenDocument.latest.fromAddress ?? '—'}
            </Text>
          ) : (
            <Text size="sm" lineClamp={2} maw={480}>
              <Text span c="dimmed">
                {channel === 'SMS' ? 'SMS' : 'Fax'}
                {chosenDocument.latest.smsSegments &&
                  `, ${chosenDocument.latest.smsSegments.segments} ${chosenDocument.latest.smsSegments.segments === 1 ? 'segment' : 'segments'}`}
                :{' '}
              </Text>
              {chosenDocument.latest.body ?? '—'}
            </Text>
          )}
          <Anchor
            component={Link}
            to={`/mailings/documents/${chosenDocument.id}`}
            target="_blank"
            size="sm"
            aria-label={`Preview ${chosenDocument.name} (opens in a new tab)`}
          >
            <Group gap={4} wrap="nowrap">
              Preview <IconExternalLink size={14} />
            </Group>
          </Anchor>
        </Group>
      )}
    </Section>,
    <Section key="whom" title="To whom">
      <SegmentedControl
        data={TARGETS}
        value={values.targetType}
        onChange={(value) => set('targetType', value as TargetType)}
        aria-label="Target type"
      />
      <Select
        label="Database"
        required
        searchable
        data={(databases.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
        value={values.databaseId === null ? null : String(values.databaseId)}
        onChange={(value) =>
          setValues((v) => ({ ...v, databaseId: idOf(value), collectionId: null, selectionId: null }))
        }
        error={issueAt(save.error, 'databaseId')}
      />
      {values.targetType === 'COLLECTION' && values.databaseId !== null && (
        <CollectionSelect
          databaseId={values.databaseId}
          value={values.collectionId}
          onChange={(id) => set('collectionId', id)}
          error={issueAt(save.error, 'collectionId')}
        />
      )}
      {values.targetType === 'SELECTION' && values.databaseId !== null && (
        <SelectionSelect
          databaseId={values.databaseId}
          value={values.selectionId}
          onChange={(id, overCollection) =>
            setValues((v) => ({ ...v, selectionId: id, selectionOverCollection: overCollection }))
          }
          error={issueAt(save.error, 'selectionId')}
        />
      )}
      <Text size="xs" c="dimmed">
        {values.targetType === 'DATABASE' && 'Every profile of the database that is not unsubscribed or disabled.'}
        {values.targetType === 'COLLECTION' &&
          'Every subprofile of the collection whose profile is not unsubscribed or disabled.'}
        {values.targetType === 'SELECTION' && 'The profiles that match the selection at the moment of sending.'}
      </Text>
      <AudienceCount audience={counted} pending={Boolean(target) && audience.isFetching} error={audience.error} />
    </Section>,
    <Stack key="settings">
      <Section title="Settings">
        {channel === 'EMAIL' && (
          <Switch
            label="Track opens and clicks"
            checked={values.trackingEnabled}
            onChange={(e) => set('trackingEnabled', e.currentTarget.checked)}
          />
        )}
        <Switch
          label={
            channel === 'EMAIL'
              ? 'Send once to addresses that occur more than once'
              : 'Send once to numbers that occur more than once'
          }
          checked={values.skipDuplicates}
          onChange={(e) => set('skipDuplicates', e.currentTarget.checked)}
        />
        <NumberInput
          label="Maximum messages a minute"
          description={`Leave empty to send as fast as ${channel === 'EMAIL' ? 'the mail server' : 'the provider'} takes them; at least 100.`}
          min={100}
          step={100}
          allowDecimal={false}
          value={values.maxPerMinute}
          onChange={(value) => set('maxPerMinute', typeof value === 'number' ? value : '')}
          error={issueAt(save.error, 'settings.maxPerMinute')}
          maw={320}
        />
        {channel === 'EMAIL' && (
          <TextInput
            label="Reply-to address"
            description="Leave empty to use the document's own reply-to."
            type="email"
            value={values.replyTo}
            onChange={(e) => set('replyTo', e.currentTarget.value)}
            error={issueAt(save.error, 'settings.replyTo')}
            maw={420}
          />
        )}
      </Section>
      {/* A new mailing may be a split-run; a saved draft stays one mailing. */}
      {!mailing && (
        <Section title="Split-run">
          <SplitRunFields
            values={splitRun}
            onChange={setSplitRun}
            documents={documentOptions}
            plan={plan}
            planError={splitRunOn && target ? splitRunPlan.error : null}
            error={splitRunError}
          />
        </Section>
      )}
    </Stack>,
    <Section key="checks" title="Checks">
      <List spacing="xs" center data-testid="mailing-checks">
        {checks.map((check) => (
          <List.Item
            key={check.label}
            icon={
              <ThemeIcon color={check.ok ? 'teal' : 'orange'} size={22} radius="xl" variant="light">
                {check.ok ? <IconCheck size={14} /> : <IconX size={14} />}
              </ThemeIcon>
            }
          >
            <Text size="sm">{check.label}</Text>
            {check.hint && (
              <Text size="xs" c="dimmed">
                {check.hint}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
      {mailing ? (
        // The full issue checker reads the saved draft: save changes before checking them.
        <IssueChecker
          mailingId={mailing.id}
          documentId={mailing.documentId}
          onGoTo={(step) => setActive(STEPS.indexOf(step === 'target' ? 'To whom' : 'Settings'))}
        />
      ) : (
        <Text size="xs" c="dimmed">
          Save the draft to run the full check (spam score, links, images, target); its warnings are acknowledged there
          before the mailing can be sent.
        </Text>
      )}
    </Section>,
    <Section key="send" title="Send">
      {splitRunOn ? (
        <>
          <Text fw={600} data-testid="split-run-summary">
            {splitRunSummary(splitRun, plan)}
          </Text>
          <TextInput
            label="Start at"
            description="Leave empty to start when you confirm. The test groups go then, the winner after the waiting period."
            type="datetime-local"
            value={splitRun.startAt}
            onChange={(e) => setSplitRun({ ...splitRun, startAt: e.currentTarget.value })}
            error={issueAt(startSplitRun.error, 'at')}
            maw={320}
          />
          <Group>
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={onSaveSplitRun}
              loading={createSplitRun.isPending}
            >
              Save split-run
            </Button>
            <ConfirmButton
              label={splitRun.startAt ? 'Schedule split-run' : 'Start split-run'}
              title="Start this split-run?"
              confirmLabel={splitRun.startAt ? 'Schedule the start' : 'Start: send the test groups'}
              leftSection={<IconSend size={16} />}
              pending={startSplitRun.isPending}
              error={splitRunError}
              onOpen={() => startSplitRun.reset()}
              onConfirm={onStartSplitRun}
            >
              <Alert
                color="orange"
                variant="light"
                icon={<IconAlertTriangle size={18} />}
                title="Test groups cannot be called back"
              >
                <Text size="sm" fw={600} data-testid="confirm-split-run">
                  {splitRunSummary(splitRun, plan)}
                </Text>
                <Text size="sm" mt={4}>
                  You can choose the winner early, or stop the split-run before the rest receives it.
                </Text>
              </Alert>
            </ConfirmButton>
          </Group>
        </>
      ) : (
        <>
          {counted ? (
            <Text fw={600} data-testid="send-summary">
              {sendSummary(counted)}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              Choose a document and a target first.
            </Text>
          )}
          {checks.some((check) => !check.ok) && (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
              Not every check passes: see the previous step.
            </Alert>
          )}
          <Group>
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => onSaveDraft()}
              loading={save.isPending && !send.isPending}
            >
              Save draft
            </Button>
            <ScheduleDialog
              pending={save.isPending || schedule.isPending}
              error={save.error ?? schedule.error}
              onOpen={() => {
                save.reset();
                schedule.reset();
              }}
              onConfirm={onSchedule}
            />
            <ConfirmButton
              label="Send now"
              title="Send this mailing now?"
              confirmLabel={counted ? sendSummary(counted).replace(/ \(.*\)$/, '') : 'Send now'}
              leftSection={<IconSend size={16} />}
              pending={save.isPending || send.isPending}
              error={error}
              onOpen={() => {
                save.reset();
                send.reset();
              }}
              onConfirm={onSend}
            >
              <Alert
                color="orange"
                variant="light"
                icon={<IconAlertTriangle size={18} />}
                title="Sending cannot be undone"
              >
                <Text size="sm" fw={600} data-testid="confirm-summary">
                  {counted ? sendSummary(counted) : 'The target is not complete yet.'}
                </Text>
                <Text size="sm" mt={4}>
                  “{values.name.trim() || 'This mailing'}” goes out with the newest version of its document. Once it is
                  sending, only an admin can stop it, and what was sent stays sent.
                </Text>
              </Alert>
            </ConfirmButton>
          </Group>
        </>
      )}
    </Section>,
  ];

  return (
    <form onSubmit={onSubmit}>
      <Stack maw={760}>
        {/* On a phone the steps are numbers only; the section below names the one that is open. */}
        <Stepper active={active} onStepClick={setActive} size={phone ? 'xs' : 'sm'} aria-label="Steps of the mailing">
          {STEPS.map((label, index) => (
            // A step's name holds what it shows: its number, and its label where the label is visible.
            <Stepper.Step
              key={label}
              label={phone ? undefined : label}
              aria-label={phone ? `Step ${index + 1}: ${label}` : undefined}
            />
          ))}
        </Stepper>
        <ApiErrorAlert error={error} title="Could not save the mailing" />
        {phone && (
          <Text size="xs" c="dimmed" mb={-8}>
            Step {active + 1} of {STEPS.length}
          </Text>
        )}
        {steps[active]}
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div>
            {active > 0 && (
              <Button variant="default" onClick={() => setActive(active - 1)}>
                Back
              </Button>
            )}
          </div>
          <Group justify="flex-end" wrap="nowrap" gap="xs">
            <Button variant="subtle" component={Link} to={mailing ? `/mailings/${mailing.id}` : '/mailings'}>
              {mailing ? 'Discard changes' : 'Cancel'}
            </Button>
            {active < STEPS.length - 1 && <Button type="submit">Next: {STEPS[active + 1]}</Button>}
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
