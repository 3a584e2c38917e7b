import { Group, Table, Text } from '@mantine/core';
import { IconArrowsHorizontal } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/**
 * A table that keeps its columns on a narrow screen: it scrolls sideways inside its box, and on a phone a line above
 * it says so (a cut-off column gives no other sign that there is more).
 */
export function TableScroll({
  minWidth,
  label,
  children,
}: {
  minWidth: number;
  /**
   * Names the scrolling box and lets the keyboard scroll it: needed where the table has nothing focusable in it
   * (axe's scrollable-region-focusable), since the box is otherwise out of the keyboard's reach.
   */
  label?: string;
  children: ReactNode;
}) {
  return (
    <>
      <Group gap={4} hiddenFrom="sm" px="sm" pt="xs" c="dimmed" data-testid="scroll-hint">
        <IconArrowsHorizontal size={14} aria-hidden />
        <Text size="xs">Swipe sideways to see all columns</Text>
      </Group>
      <Table.ScrollContainer
        minWidth={minWidth}
        type="native"
        {...(label ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
      >
        {children}
      </Table.ScrollContainer>
    </>
  );
}
