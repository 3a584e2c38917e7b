import { Paper, Table, Text } from '@mantine/core';
import type { PivotMetric, PivotResponse } from '@herald/contracts';
import { formatNumber, formatPercent } from '../../components/format';
import { TableScroll } from '../../components/table-scroll';
import { isRate, METRIC_LABELS, pivotTable, valueLabel } from './pivot-layout';

/** The header key of the totals column. */
const TOTAL_KEY = ['(total)'];

/** A count as a number; a rate as "9.09 %", or a dash where there was nothing to divide by. */
function formatMetric(metric: PivotMetric, value: number | null | undefined): string {
  return isRate(metric) ? formatPercent(value, 2) : formatNumber(value ?? 0);
}

/**
 * The pivot as a grid: a header cell per row dimension, then per column value (its metrics under it) and the row's
 * total; a row per row value, then each column's total and the grand total. Without columns each metric is one column.
 */
export function PivotTable({ pivot, rowCount }: { pivot: PivotResponse; rowCount: number }) {
  const table = pivotTable(pivot, rowCount);
  const { metrics } = pivot;
  const hasColumns = table.columnDimensions.length > 0;
  const rowHeads = Math.max(table.rowDimensions.length, 1);
  const columnLabel = (key: ReadonlyArray<string | null>) =>
    key.map((v, i) => valueLabel(table.columnDimensions[i], v)).join(' · ');
  return (
    <Paper withBorder>
      <TableScroll
        minWidth={Math.max(480, (rowHeads + metrics.length * (table.columnKeys.length + (hasColumns ? 1 : 0))) * 110)}
        label="Dynamic report table, scrolls sideways"
      >
        <Table verticalSpacing="xs" striped aria-label="Dynamic report" data-testid="pivot-table">
          <Table.Thead>
            {hasColumns && (
              <Table.Tr>
                <Table.Th colSpan={rowHeads}>{table.columnDimensions.map((d) => d.label).join(' · ')}</Table.Th>
                {table.columnKeys.map((key) => (
                  <Table.Th key={JSON.stringify(key)} colSpan={metrics.length} ta="center">
                    {columnLabel(key)}
                  </Table.Th>
                ))}
                <Table.Th colSpan={metrics.length} ta="center">
                  Total
                </Table.Th>
              </Table.Tr>
            )}
            <Table.Tr>
              {table.rowDimensions.length > 0 ? (
                table.rowDimensions.map((d) => <Table.Th key={d.label}>{d.label}</Table.Th>)
              ) : (
                <Table.Th>All</Table.Th>
              )}
              {(hasColumns ? [...table.columnKeys, TOTAL_KEY] : table.columnKeys).map((key) =>
                metrics.map((metric) => (
                  <Table.Th key={`${JSON.stringify(key)}-${metric}`} ta="right">
                    {METRIC_LABELS[metric]}
                  </Table.Th>
                )),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.rowKeys.map((rowKey) => (
              <Table.Tr key={JSON.stringify(rowKey)}>
                {rowKey.length > 0 ? (
                  rowKey.map((v, i) => <Table.Td key={i}>{valueLabel(table.rowDimensions[i], v)}</Table.Td>)
                ) : (
                  <Table.Td>All destinations</Table.Td>
                )}
                {table.columnKeys.map((columnKey) =>
                  metrics.map((metric) => (
                    <Table.Td key={`${JSON.stringify(columnKey)}-${metric}`} ta="right">
                      {formatMetric(metric, table.value(rowKey, columnKey, metric))}
                    </Table.Td>
                  )),
                )}
                {hasColumns &&
                  metrics.map((metric) => (
                    <Table.Td key={`total-${metric}`} ta="right" fw={700} data-testid="pivot-row-total">
                      {formatMetric(metric, table.rowTotal(rowKey, metric))}
                    </Table.Td>
                  ))}
              </Table.Tr>
            ))}
            {table.rowKeys.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={rowHeads + metrics.length}>
                  <Text c="dimmed" ta="center" py="md">
                    No destinations in this scope.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="pivot-totals" fw={700}>
              <Table.Th colSpan={rowHeads} scope="row">
                Total
              </Table.Th>
              {/* Each column's total, then the grand total: all the API's, a rate from its own counts. */}
              {hasColumns &&
                table.columnKeys.map((columnKey) =>
                  metrics.map((metric) => (
                    <Table.Td key={`${JSON.stringify(columnKey)}-${metric}`} ta="right">
                      {formatMetric(metric, table.columnTotal(columnKey, metric))}
                    </Table.Td>
                  )),
                )}
              {metrics.map((metric) => (
                <Table.Td key={metric} ta="right">
                  {formatMetric(metric, pivot.totals[metric])}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </TableScroll>
    </Paper>
  );
}
