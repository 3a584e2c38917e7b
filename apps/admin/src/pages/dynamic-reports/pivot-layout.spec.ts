import { describe, expect, it } from 'vitest';
import type { PivotDefinition, PivotResponse } from '@herald/contracts';
import {
  definitionOf,
  filterable,
  issueZone,
  paletteOf,
  periodScope,
  pivotTable,
  place,
  remove,
  removeFilter,
  setFilter,
  valueLabel,
  valuesIn,
  type PaletteItem,
} from './pivot-layout';

const FIELDS = [
  { name: 'city', label: 'City', type: 'TEXT' as const },
  { name: 'birthdate', label: 'Birth date', type: 'DATE' as const },
];
const EMPTY: PivotDefinition = { rows: [], columns: [], metrics: [], filters: [] };
const palette = paletteOf(FIELDS);
const item = (id: string): PaletteItem => palette.find((i) => i.id === id)!;

describe('paletteOf', () => {
  it('lists each field, the age band of each date field, mailing and day, then the metrics', () => {
    expect(palette.filter((i) => i.type === 'dimension').map((i) => [i.id, i.label])).toEqual([
      ['field:city', 'City'],
      ['field:birthdate', 'Birth date'],
      ['ageBand:birthdate', 'Age band (Birth date)'],
      ['mailing', 'Mailing'],
      ['day', 'Day'],
    ]);
    expect(palette.filter((i) => i.type === 'metric')).toHaveLength(10);
  });

  it('keeps a field the layout names though the databases lack it, so the layout still shows', () => {
    const layout = { ...EMPTY, rows: [{ kind: 'field' as const, field: 'shoe_size' }] };
    expect(paletteOf(FIELDS, layout).find((i) => i.id === 'field:shoe_size')?.label).toBe('shoe_size');
  });
});

describe('place', () => {
  it('adds a dimension to rows or columns and a metric to the values, moving an item between zones', () => {
    const withCity = place(EMPTY, item('field:city'), 'rows').layout!;
    expect(withCity.rows).toEqual([{ kind: 'field', field: 'city' }]);
    const moved = place(withCity, item('field:city'), 'columns').layout!;
    expect(moved).toMatchObject({ rows: [], columns: [{ kind: 'field', field: 'city' }] });
    expect(place(moved, item('metric:ctr'), 'metrics').layout!.metrics).toEqual(['ctr']);
  });

  it('reorders within a zone at the index dropped on', () => {
    let layout = EMPTY;
    for (const id of ['metric:sent', 'metric:clicks', 'metric:ctr'])
      layout = place(layout, item(id), 'metrics').layout!;
    expect(place(layout, item('metric:ctr'), 'metrics', 0).layout!.metrics).toEqual(['ctr', 'sent', 'clicks']);
    expect(place(layout, item('metric:sent'), 'metrics', 2).layout!.metrics).toEqual(['clicks', 'ctr', 'sent']);
  });

  it('refuses a metric on rows, a dimension in the values, and a fourth row', () => {
    expect(place(EMPTY, item('metric:sent'), 'rows').refused).toMatch(/metric/);
    expect(place(EMPTY, item('day'), 'metrics').refused).toMatch(/dimension/);
    let layout = EMPTY;
    for (const id of ['field:city', 'day', 'mailing']) layout = place(layout, item(id), 'rows').layout!;
    expect(place(layout, item('ageBand:birthdate'), 'rows').refused).toBe('Rows hold at most 3');
    // Moving within a full zone is no addition.
    expect(place(layout, item('day'), 'rows', 0).layout!.rows[0]).toEqual({ kind: 'day' });
  });

  it('keeps the filters and removes an item wherever it is', () => {
    const filters = [{ dimension: { kind: 'day' as const }, values: ['2026-01-01'] }];
    const layout = place({ ...EMPTY, filters }, item('day'), 'columns').layout!;
    expect(layout.filters).toBe(filters);
    expect(remove(layout, 'day')).toEqual({ ...EMPTY, filters });
  });
});

describe('issueZone', () => {
  it('finds the zone of an API issue by its path', () => {
    expect(['rows.0.field', 'columns.1', 'metrics', 'scope.to', 'filters.0.values', 'name', ''].map(issueZone)).toEqual(
      ['rows', 'columns', 'metrics', 'scope', 'filters', undefined, undefined],
    );
  });
});

describe('periodScope', () => {
  it('runs from the first day’s start to the day after the last (TZ=UTC in tests)', () => {
    expect(periodScope('2026-01-30', '2026-01-31')).toEqual({
      from: '2026-01-30T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    expect(periodScope('', '2026-01-31')).toBeUndefined();
  });
});

describe('pivotTable', () => {
  const dimension = (label: string, valueLabels: Record<string, string> = {}) => ({
    dimension: { kind: 'day' as const },
    label,
    valueLabels,
  });
  const response: PivotResponse = {
    dimensions: [dimension('City'), dimension('Mailing', { '7': 'Spring' })],
    metrics: ['sent'],
    cells: [
      { key: ['Amsterdam', '7'], values: { sent: 1 } },
      { key: ['London', '7'], values: { sent: 2 } },
      { key: ['London', '8'], values: { sent: 3 } },
      { key: [null, '8'], values: { sent: 4 } },
    ],
    totals: { sent: 10 },
    rowTotals: [
      { key: ['Amsterdam'], values: { sent: 1 } },
      { key: ['London'], values: { sent: 5 } },
      { key: [null], values: { sent: 4 } },
    ],
    columnTotals: [
      { key: ['7'], values: { sent: 3 } },
      { key: ['8'], values: { sent: 7 } },
    ],
    mailingIds: [7, 8],
  };

  it('gives the API’s totals of each row and each column', () => {
    const table = pivotTable(response, 1);
    expect(table.rowKeys.map((key) => table.rowTotal(key, 'sent'))).toEqual([1, 5, 4]);
    expect(table.columnKeys.map((key) => table.columnTotal(key, 'sent'))).toEqual([3, 7]);
    expect(table.columnTotal(['9'], 'sent')).toBeUndefined();
  });

  it('spreads the cells over the distinct row and column values, in the API’s order', () => {
    const table = pivotTable(response, 1);
    expect(table.rowKeys).toEqual([['Amsterdam'], ['London'], [null]]);
    expect(table.columnKeys).toEqual([['7'], ['8']]);
    expect(table.value(['London'], ['8'], 'sent')).toBe(3);
    expect(table.value(['Amsterdam'], ['8'], 'sent')).toBeUndefined();
    expect(valueLabel(table.columnDimensions[0], '7')).toBe('Spring');
    expect(valueLabel(table.rowDimensions[0], null)).toBe('(none)');
  });

  it('has one row (an empty key) when nothing is on the rows', () => {
    const table = pivotTable({ ...response, dimensions: [], cells: [{ key: [], values: { sent: 10 } }] }, 0);
    expect(table.rowKeys).toEqual([[]]);
    expect(table.value([], [], 'sent')).toBe(10);
  });
});

describe('filters', () => {
  const city = { kind: 'field' as const, field: 'city' };

  it('sets, replaces and removes the values a filter keeps; one without values is not sent', () => {
    const empty = setFilter(EMPTY, city, []);
    expect(empty.filters).toEqual([{ dimension: city, values: [] }]);
    expect(definitionOf(empty).filters).toEqual([]);
    const london = setFilter(empty, city, ['London']);
    expect(definitionOf(london).filters).toEqual([{ dimension: city, values: ['London'] }]);
    expect(setFilter(london, city, ['Paris']).filters).toEqual([{ dimension: city, values: ['Paris'] }]);
    expect(removeFilter(london, city).filters).toEqual([]);
  });

  it('offers every dimension, the age band too, and suggests the values a pivot showed', () => {
    expect(palette.filter(filterable).map((i) => i.id)).toEqual([
      'field:city',
      'field:birthdate',
      'ageBand:birthdate',
      'mailing',
      'day',
    ]);
    const response: PivotResponse = {
      dimensions: [{ dimension: { kind: 'mailing' }, label: 'Mailing', valueLabels: { '7': 'Spring' } }],
      metrics: ['sent'],
      cells: [
        { key: ['7'], values: { sent: 1 } },
        { key: [null], values: { sent: 1 } },
      ],
      totals: { sent: 2 },
      rowTotals: [],
      columnTotals: [],
      mailingIds: [7],
    };
    expect(valuesIn(response, { kind: 'mailing' })).toEqual([{ value: '7', label: 'Spring' }]);
    expect(valuesIn(response, city)).toEqual([]);
  });
});
