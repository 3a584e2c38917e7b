import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { SplitRunCriterion, SplitRunPlanResponse as SplitRunPlan } from '@herald/contracts';
import { ApiError } from '../../api/client';
import { formatNumber, formatPercent } from '../../components/format';
import {
  MAX_SPLIT_RUN_VARIANTS,
  newSplitRunVariant,
  restPercent,
  SPLIT_RUN_LABELS,
  type SplitRunFormValues,
  type SplitRunVariantValues,
} from './split-run-form-values';

export const SPLIT_RUN_CRITERIA: Array<{ value: SplitRunCriterion; label: string }> = [
  { value: 'IMPRESSIONS', label: 'Most impressions' },
  { value: 'UNIQUE_IMPRESSIONS', label: 'Most unique impressions' },
  { value: 'CLICKS', label: 'Most clicks' },
  { value: 'UNIQUE_CLICKS', label: 'Most unique clicks' },
  { value: 'CTR', label: 'Highest CTR' },
  { value: 'FEWEST_ERRORS', label: 'Fewest errors' },
  { value: 'MANUAL', label: 'I choose myself' },
];

export const SPLIT_RUN_SIGNIFICANCE = [
  { value: 'none', label: 'No: send the winner whatever' },
  { value: '0.9', label: 'At 90 % confidence, else the control (A)' },
  { value: '0.95', label: 'At 95 % confidence, else the control (A)' },
  { value: '0.99', label: 'At 99 % confidence, else the control (A)' },
];

const recipients = (n: number) => `${formatNumber(n)} ${n === 1 ? 'recipient' : 'recipients'}`;

/**
 * The split-run step of the mailing form: variants (a document, subject and moment of their own),
 * each test group with its live count over the target, the criterion, the waiting period and the
 * significance the winner must reach (docs/rules/split-run.md).
 */
export function SplitRunFields({
  values,
  onChange,
  documents,
  plan,
  planError,
  error,
}: {
  values: SplitRunFormValues;
  onChange(values: SplitRunFormValues): void;
  documents: Array<{ value: string; label: string }>;
  /** The groups over the target now; undefined until the target is complete. */
  plan: SplitRunPlan | undefined;
  planError: unknown;
  /** The create request's error: its issues are shown at their fields. */
  error: unknown;
}) {
  const issue = (path: string) => (error instanceof ApiError ? error.issueAt(path) : undefined);
  const set = (change: Partial<SplitRunFormValues>) => onChange({ ...values, ...change });
  const setVariant = (i: number, change: Partial<SplitRunVariantValues>) =>
    set({ variants: values.variants.map((v, j) => (j === i ? { ...v, ...change } : v)) });
  const rest = restPercent(values);
  const remainder = plan ? ` (${recipients(plan.remainder)})` : '';

  return (
    <Stack>
      <Switch
        label="Test variants first (a split-run)"
        description="Variants go to random test groups; after the waiting period the best goes to everyone else."
        checked={values.enabled}
        onChange={(e) => set({ enabled: e.currentTarget.checked })}
      />
      {values.enabled && (
        <>
          <Title order={4} size="h6">
            Variants
          </Title>
          {values.variants.map((v, i) => {
            const label = SPLIT_RUN_LABELS[i]!;
            return (
              <Card key={i} withBorder padding="sm" component="fieldset" aria-label={`Variant ${label}`}>
                <Group align="flex-start" wrap="wrap" gap="sm">
                  <Text fw={700} w={20} mt={30}>
                    {label}
                  </Text>
                  <Select
                    label={`Document of variant ${label}`}
                    placeholder="The mailing's document"
                    data={documents}
                    value={v.documentId === null ? null : String(v.documentId)}
                    onChange={(id) => setVariant(i, { documentId: id ? Number(id) : null })}
                    error={issue(`variants.${i}.documentId`)}
                    clearable
                    searchable
                    w={200}
                  />
                  <TextInput
                    label={`Subject of variant ${label}`}
                    placeholder="The document's"
                    value={v.subject}
                    onChange={(e) => setVariant(i, { subject: e.currentTarget.value })}
                    error={issue(`variants.${i}.subject`)}
                    w={200}
                  />
                  <NumberInput
                    label={`Test group of variant ${label} (%)`}
                    description={plan?.groups[i] ? recipients(plan.groups[i].size) : ' '}
                    min={0.1}
                    max={100}
                    value={v.groupPercent}
                    onChange={(n) => setVariant(i, { groupPercent: typeof n === 'number' ? n : '' })}
                    error={issue(`variants.${i}.groupPercent`)}
                    w={170}
                  />
                  <NumberInput
                    label={`Variant ${label} goes after (minutes)`}
                    description="0: at the start"
                    min={0}
                    max={43_200}
                    allowDecimal={false}
                    value={v.sendAfterMinutes}
                    onChange={(n) => setVariant(i, { sendAfterMinutes: typeof n === 'number' ? n : '' })}
                    error={issue(`variants.${i}.sendAfterMinutes`)}
                    w={170}
                  />
                  {values.variants.length > 2 && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={30}
                      aria-label={`Remove variant ${label}`}
                      onClick={() => set({ variants: values.variants.filter((_, j) => j !== i) })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
              </Card>
            );
          })}
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              disabled={values.variants.length >= MAX_SPLIT_RUN_VARIANTS}
              onClick={() =>
                set({ variants: [...values.variants, newSplitRunVariant(Math.max(1, Math.floor(rest / 2)))] })
              }
            >
              Add a variant
            </Button>
            <Text size="sm" c={rest < 0 ? 'red' : 'dimmed'} data-testid="split-run-rest">
              {values.withWinner
                ? `The rest, ${rest} %${remainder}, receives the winner.`
                : `${rest} %${remainder} of the target receives nothing.`}
            </Text>
          </Group>
          {issue('variants') && (
            <Text c="red" size="sm">
              {issue('variants')}
            </Text>
          )}
          {planError instanceof ApiError && (
            <Alert color="orange" variant="light" title="These groups do not fit the target">
              {planError.message}
            </Alert>
          )}
          {plan?.detectableDifference != null && (
            <Text size="sm" c="dimmed">
              With these groups a difference of {formatPercent(plan.detectableDifference)} points (on a rate near{' '}
              {formatPercent(plan.expectedRate * 100, 0)}) can be told apart with {formatPercent(plan.power * 100, 0)}{' '}
              power at {formatPercent(plan.level * 100, 0)} confidence.
            </Text>
          )}
          <Switch
            label="Send the winner to the rest (off: an A/B test, compared afterwards)"
            checked={values.withWinner}
            onChange={(e) => set({ withWinner: e.currentTarget.checked })}
          />
          {values.withWinner && (
            <>
              <Select
                label="The winner is the variant with"
                data={SPLIT_RUN_CRITERIA}
                value={values.criterion}
                onChange={(value) => value && set({ criterion: value as SplitRunCriterion })}
                allowDeselect={false}
                maw={320}
              />
              <Group align="flex-end">
                <NumberInput
                  label="Waiting period"
                  description="Counted from the last test group's send"
                  min={1}
                  allowDecimal={false}
                  value={values.wait}
                  onChange={(n) => set({ wait: typeof n === 'number' ? n : '' })}
                  error={issue('waitMinutes')}
                  w={200}
                />
                <SegmentedControl
                  aria-label="Unit of the waiting period"
                  data={['minutes', 'hours']}
                  value={values.waitUnit}
                  onChange={(value) => set({ waitUnit: value as 'minutes' | 'hours' })}
                />
              </Group>
              <Select
                label="Only send a winner that is significant"
                data={SPLIT_RUN_SIGNIFICANCE}
                value={values.significance}
                onChange={(value) => value && set({ significance: value })}
                allowDeselect={false}
                maw={420}
              />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
