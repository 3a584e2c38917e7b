import { Button, CloseButton, Group, Menu, MultiSelect, Stack, TagsInput, Text } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import type { PivotDefinition, PivotDimension } from '@herald/contracts';
import { dimensionId, filterable, removeFilter, setFilter, type PaletteItem } from './pivot-layout';

/**
 * The report's filters: per dimension, the values whose destinations are kept. A mailing is picked by name; other
 * values are typed (or picked from those the report shows).
 */
export function PivotFilters({
  layout,
  palette,
  suggestions,
  error,
  onChange,
}: {
  layout: PivotDefinition;
  palette: PaletteItem[];
  suggestions(dimension: PivotDimension): { value: string; label: string }[];
  error?: string;
  onChange(layout: PivotDefinition): void;
}) {
  const labelOf = (dimension: PivotDimension) =>
    palette.find((i) => i.id === dimensionId(dimension))?.label ?? dimension.kind;
  const filtered = new Set(layout.filters.map((f) => dimensionId(f.dimension)));
  const addable = palette.filter(
    (i): i is Extract<PaletteItem, { type: 'dimension' }> =>
      filterable(i) && i.type === 'dimension' && !filtered.has(dimensionId(i.dimension)),
  );
  return (
    <Stack gap={4}>
      <Group gap="sm" align="center">
        <Text size="sm" fw={600}>
          Filters
        </Text>
        <Menu position="bottom-start">
          <Menu.Target>
            <Button size="compact-sm" variant="light" leftSection={<IconFilter size={14} />} disabled={!addable.length}>
              Add filter
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {addable.map((item) => (
              <Menu.Item key={item.id} onClick={() => onChange(setFilter(layout, item.dimension, []))}>
                {item.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {layout.filters.map(({ dimension, values }) => {
        const label = `Keep only these values of ${labelOf(dimension)}`;
        const given = values.filter((v): v is string => v !== null);
        const change = (next: string[]) => onChange(setFilter(layout, dimension, next));
        return (
          <Group key={dimensionId(dimension)} gap="xs" align="flex-end" wrap="nowrap">
            {dimension.kind === 'mailing' ? (
              <MultiSelect
                label={label}
                data={suggestions(dimension)}
                value={given}
                onChange={change}
                searchable
                style={{ flex: 1 }}
              />
            ) : (
              <TagsInput
                label={label}
                placeholder="Type a value and press Enter"
                data={suggestions(dimension).map((s) => s.value)}
                value={given}
                onChange={change}
                style={{ flex: 1 }}
              />
            )}
            <CloseButton
              mb={6}
              aria-label={`Remove the filter on ${labelOf(dimension)}`}
              onClick={() => onChange(removeFilter(layout, dimension))}
            />
          </Group>
        );
      })}
      {error && (
        <Text size="xs" c="red" role="alert" data-testid="filters-error">
          {error}
        </Text>
      )}
    </Stack>
  );
}
