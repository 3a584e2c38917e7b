import {
  ActionIcon,
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
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { SplitRunCriterion } from '@herald/contracts';
import { ApiError } from '../../api/client';
import { useDatabases } from '../../api/databases';
import { useDocuments } from '../../api/documents';
import { useCreateSplitRun } from '../../api/split-runs';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { SPLIT_RUN_CRITERIA, SPLIT_RUN_SIGNIFICANCE } from './split-run-fields';
import { MAX_SPLIT_RUN_VARIANTS, SPLIT_RUN_LABELS } from './split-run-form-values';

const LABELS = SPLIT_RUN_LABELS;
const MAX_VARIANTS = MAX_SPLIT_RUN_VARIANTS;

interface VariantValues {
  documentId: string | null;
  subject: string;
  groupPercent: number | string;
}

const newVariant = (percent: number): VariantValues => ({ documentId: null, subject: '', groupPercent: percent });

/** A split-run: 2 to 10 variants to random test groups, then the best to the rest (docs/rules/split-run.md). */
export function NewSplitRunPage() {
  const navigate = useNavigate();
  const databases = useDatabases();
  const documents = useDocuments();
  const create = useCreateSplitRun();
  const [name, setName] = useState('');
  const [databaseId, setDatabaseId] = useState<string | null>(null);
  const [variants, setVariants] = useState<VariantValues[]>([newVariant(25), newVariant(25)]);
  const [withWinner, setWithWinner] = useState(true);
  const [criterion, setCriterion] = useState<SplitRunCriterion>('IMPRESSIONS');
  const [wait, setWait] = useState<number | string>(4);
  const [unit, setUnit] = useState<'minutes' | 'hours'>('hours');
  const [significance, setSignificance] = useState<string>('none');

  const issue = (path: string) => (create.error instanceof ApiError ? create.error.issueAt(path) : undefined);
  const update = (i: number, change: Partial<VariantValues>) =>
    setVariants((all) => all.map((v, j) => (j === i ? { ...v, ...change } : v)));
  const rest = 100 - variants.reduce((sum, v) => sum + (Number(v.groupPercent) || 0), 0);
  const documentData = (documents.data ?? []).map((d) => ({ value: String(d.id), label: d.name }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name,
        target: { targetType: 'DATABASE', databaseId: Number(databaseId) },
        withWinner,
        criterion,
        waitMinutes: Number(wait) * (unit === 'hours' ? 60 : 1),
        significanceLevel: significance === 'none' ? null : Number(significance),
        variants: variants.map((v, i) => ({
          label: LABELS[i]!,
          documentId: Number(v.documentId),
          ...(v.subject.trim() ? { subject: v.subject } : {}),
          groupPercent: Number(v.groupPercent),
        })),
      },
      { onSuccess: (run) => void navigate(`/mailings/split-runs/${run.id}`) },
    );
  };

  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Mailings', to: '/mailings' }, { label: 'New split-run' }]}
        title="New split-run"
        description="Variants go to random test groups; after the waiting period the best goes to everyone else. Nothing is sent until you start it."
      />
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={760}>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={issue('name')}
          />
          <Select
            label="Database"
            required
            placeholder={databases.isPending ? 'Loading…' : 'Choose a database'}
            data={(databases.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
            value={databaseId}
            onChange={setDatabaseId}
            error={issue('target.databaseId') ?? issue('target')}
          />
          <Title order={3} size="h4">
            Variants
          </Title>
          {variants.map((v, i) => (
            <Card key={i} withBorder padding="sm" aria-label={`Variant ${LABELS[i]}`} component="fieldset">
              <Group align="flex-end" wrap="wrap">
                <Text fw={700} w={24}>
                  {LABELS[i]}
                </Text>
                <Select
                  label={`Document of variant ${LABELS[i]}`}
                  required
                  data={documentData}
                  value={v.documentId}
                  onChange={(documentId) => update(i, { documentId })}
                  error={issue(`variants.${i}.documentId`)}
                  searchable
                  w={220}
                />
                <TextInput
                  label={`Subject of variant ${LABELS[i]}`}
                  description="Leave empty to keep the document's"
                  value={v.subject}
                  onChange={(e) => update(i, { subject: e.currentTarget.value })}
                  error={issue(`variants.${i}.subject`)}
                  w={220}
                />
                <NumberInput
                  label={`Test group of variant ${LABELS[i]} (%)`}
                  min={0.1}
                  max={100}
                  value={v.groupPercent}
                  onChange={(groupPercent) => update(i, { groupPercent })}
                  error={issue(`variants.${i}.groupPercent`)}
                  w={150}
                />
                {variants.length > 2 && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove variant ${LABELS[i]}`}
                    onClick={() => setVariants((all) => all.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            </Card>
          ))}
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              disabled={variants.length >= MAX_VARIANTS}
              onClick={() => setVariants((all) => [...all, newVariant(Math.max(1, Math.floor(rest / 2)))])}
            >
              Add a variant
            </Button>
            <Text size="sm" c={rest < 0 ? 'red' : 'dimmed'}>
              {withWinner ? `The rest, ${rest} %, receives the winner.` : `${rest} % of the target receives nothing.`}
            </Text>
          </Group>
          {issue('variants') && (
            <Text c="red" size="sm">
              {issue('variants')}
            </Text>
          )}
          <Switch
            label="Send the winner to the rest (off: an A/B test, compared afterwards)"
            checked={withWinner}
            onChange={(e) => setWithWinner(e.currentTarget.checked)}
          />
          {withWinner && (
            <>
              <Select
                label="The winner is the variant with"
                data={SPLIT_RUN_CRITERIA}
                value={criterion}
                onChange={(value) => value && setCriterion(value as SplitRunCriterion)}
                allowDeselect={false}
              />
              <Group align="flex-end">
                <NumberInput
                  label="Waiting period"
                  min={1}
                  value={wait}
                  onChange={setWait}
                  error={issue('waitMinutes')}
                  w={150}
                />
                <SegmentedControl
                  aria-label="Unit of the waiting period"
                  data={['minutes', 'hours']}
                  value={unit}
                  onChange={(value) => setUnit(value as 'minutes' | 'hours')}
                />
              </Group>
              <Select
                label="Only send a winner that is significant"
                data={SPLIT_RUN_SIGNIFICANCE}
                value={significance}
                onChange={(value) => value && setSignificance(value)}
                allowDeselect={false}
              />
            </>
          )}
          {create.error && !(create.error instanceof ApiError && create.error.issues.length > 0) && (
            <ApiErrorAlert error={create.error} title="Could not create the split-run" />
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create split-run
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
