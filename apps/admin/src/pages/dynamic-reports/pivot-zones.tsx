import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, rectSortingStrategy, sortableKeyboardCoordinates, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Badge, CloseButton, Group, Menu, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconGripVertical, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { PivotDefinition } from '@herald/contracts';
import {
  place,
  remove,
  ZONE_LABELS,
  ZONE_LIMITS,
  ZONES,
  zoneIds,
  zoneOf,
  zonesFor,
  type PaletteItem,
  type Zone,
} from './pivot-layout';

interface DragData {
  itemId: string;
  zone?: Zone | 'palette';
}

const PALETTE = 'palette';

/** Under the pointer when there is one (the palette is large, its centre often nearest); nearest by keyboard. */
const collisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : closestCenter(args);
};

function dataOf(value: { data: { current?: Record<string, unknown> } } | null): DragData | undefined {
  const data = value?.data.current;
  return data && typeof data.itemId === 'string' ? (data as unknown as DragData) : undefined;
}

function dropZoneOf(over: { id: string | number; data: { current?: Record<string, unknown> } } | null) {
  const zone = over?.data.current?.zone;
  return typeof zone === 'string' ? (zone as Zone | 'palette') : undefined;
}

function Grip() {
  return <IconGripVertical size={14} aria-hidden style={{ flex: 'none' }} />;
}

/** A palette item: a handle to drag, and a menu to add it without dragging (a phone, a screen reader). */
function PaletteEntry({ item, onAdd }: { item: PaletteItem; onAdd(zone: Zone): void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `${PALETTE}:${item.id}`,
    data: { itemId: item.id, zone: PALETTE } satisfies DragData,
  });
  const zones = zonesFor(item);
  return (
    <Paper withBorder px={6} py={2} radius="sm" opacity={isDragging ? 0.4 : 1} data-testid={`palette-${item.id}`}>
      <Group gap={4} wrap="nowrap">
        <Group
          gap={4}
          wrap="nowrap"
          ref={setNodeRef}
          {...attributes}
          {...listeners}
          aria-label={`${item.label}: drag to ${zones.map((z) => ZONE_LABELS[z].toLowerCase()).join(' or ')}`}
          style={{ cursor: 'grab', touchAction: 'none', flex: 1 }}
        >
          <Grip />
          <Text size="sm">{item.label}</Text>
        </Group>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" size="sm" aria-label={`Add ${item.label}`}>
              <IconPlus size={14} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {zones.map((zone) => (
              <Menu.Item key={zone} onClick={() => onAdd(zone)}>
                To {ZONE_LABELS[zone].toLowerCase()}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Paper>
  );
}

/** An item in a zone: dragged to reorder or to another zone (or back to the palette), or removed with its button. */
function ZoneChip({ item, zone, onRemove }: { item: PaletteItem; zone: Zone; onRemove(): void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: `${zone}:${item.id}`,
    data: { itemId: item.id, zone } satisfies DragData,
  });
  return (
    <Badge
      ref={setNodeRef}
      size="lg"
      variant="light"
      color={item.type === 'metric' ? 'teal' : 'blue'}
      tt="none"
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
      leftSection={
        <span
          {...attributes}
          {...listeners}
          aria-label={`${item.label} in ${ZONE_LABELS[zone].toLowerCase()}: drag to move`}
          style={{ cursor: 'grab', touchAction: 'none', display: 'inline-flex', alignItems: 'center', gap: 4 }}
        >
          <Grip />
          {item.label}
        </span>
      }
      rightSection={
        <CloseButton
          size="xs"
          aria-label={`Remove ${item.label} from ${ZONE_LABELS[zone].toLowerCase()}`}
          onClick={onRemove}
        />
      }
      data-testid={`chip-${zone}-${item.id}`}
    />
  );
}

function DropZone({
  zone,
  items,
  error,
  onRemove,
}: {
  zone: Zone;
  items: PaletteItem[];
  error?: string;
  onRemove(id: string): void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: `zone:${zone}`, data: { zone } });
  const errorId = `zone-${zone}-error`;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={`zone-${zone}-label`}>
        {ZONE_LABELS[zone]}{' '}
        <Text span size="xs" c="dimmed" fw={400}>
          (up to {ZONE_LIMITS[zone]})
        </Text>
      </Text>
      <Paper
        ref={setNodeRef}
        withBorder
        p="xs"
        mih={52}
        role="group"
        aria-labelledby={`zone-${zone}-label`}
        aria-describedby={error ? errorId : undefined}
        data-testid={`zone-${zone}`}
        style={{
          borderStyle: 'dashed',
          borderColor: error ? 'var(--mantine-color-red-6)' : isOver ? 'var(--mantine-color-blue-6)' : undefined,
          background: isOver ? 'var(--mantine-color-blue-light)' : undefined,
        }}
      >
        <SortableContext items={items.map((item) => `${zone}:${item.id}`)} strategy={rectSortingStrategy}>
          <Group gap={6}>
            {items.map((item) => (
              <ZoneChip key={item.id} item={item} zone={zone} onRemove={() => onRemove(item.id)} />
            ))}
            {items.length === 0 && (
              <Text size="xs" c="dimmed">
                {zone === 'metrics' ? 'Drop metrics here' : 'Drop dimensions here'}
              </Text>
            )}
          </Group>
        </SortableContext>
      </Paper>
      {error && (
        <Text size="xs" c="red" id={errorId} role="alert" data-testid={`zone-${zone}-error`}>
          {error}
        </Text>
      )}
    </Stack>
  );
}

function PaletteArea({ items, onAdd }: { items: PaletteItem[]; onAdd(item: PaletteItem, zone: Zone): void }) {
  // Dropping a zone's item back on the palette takes it out of the report.
  const { setNodeRef } = useDroppable({ id: PALETTE, data: { zone: PALETTE } });
  const dimensions = items.filter((i) => i.type === 'dimension');
  const metrics = items.filter((i) => i.type === 'metric');
  const list = (title: string, entries: PaletteItem[]) => (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {title}
      </Text>
      <Group gap={6}>
        {entries.map((item) => (
          <PaletteEntry key={item.id} item={item} onAdd={(zone) => onAdd(item, zone)} />
        ))}
        {entries.length === 0 && (
          <Text size="xs" c="dimmed">
            All in the report
          </Text>
        )}
      </Group>
    </Stack>
  );
  return (
    <Paper withBorder p="sm" ref={setNodeRef} data-testid="palette" aria-label="Dimensions and metrics" role="group">
      <Stack gap="sm">
        {list('Dimensions', dimensions)}
        {list('Metrics', metrics)}
      </Stack>
    </Paper>
  );
}

/**
 * The builder's palette and its three zones. Items are dragged with a pointer or the keyboard (space to lift, arrows
 * to move, space to drop), or added with their menu; a drop a zone refuses says why through onRefused.
 */
export function PivotZones({
  layout,
  palette,
  errors,
  onChange,
  onRefused,
}: {
  layout: PivotDefinition;
  palette: PaletteItem[];
  errors: Partial<Record<Zone, string>>;
  onChange(layout: PivotDefinition): void;
  onRefused(reason: string): void;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const [dragged, setDragged] = useState<PaletteItem | null>(null);
  const byId = new Map(palette.map((item) => [item.id, item]));
  const labelOf = (id: string | number) => byId.get(String(id).replace(/^[^:]+:/, ''))?.label ?? String(id);
  const zoneName = (id: string | number | undefined) => {
    const zone = String(id ?? '').replace(/^zone:/, '');
    return zone in ZONE_LABELS ? ZONE_LABELS[zone as Zone].toLowerCase() : 'the palette';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${labelOf(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${labelOf(active.id)} is over ${zoneName(dropZoneOf(over) ?? over.id)}.`
        : `${labelOf(active.id)} is over no zone.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${labelOf(active.id)} was dropped on ${zoneName(dropZoneOf(over) ?? over.id)}.`
        : `${labelOf(active.id)} was dropped.`,
    onDragCancel: ({ active }) => `Dragging ${labelOf(active.id)} was cancelled.`,
  };

  const add = (item: PaletteItem, zone: Zone, index?: number) => {
    const placed = place(layout, item, zone, index);
    if (placed.refused !== undefined) onRefused(placed.refused);
    else onChange(placed.layout);
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    const data = dataOf(active);
    setDragged(data ? (byId.get(data.itemId) ?? null) : null);
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const data = dataOf(active);
    const item = data && byId.get(data.itemId);
    const target = dropZoneOf(over);
    if (!item || !target) return;
    if (target === PALETTE) {
      if (zoneOf(layout, item.id)) onChange(remove(layout, item.id));
      return;
    }
    const overItem = dataOf(over);
    const index = overItem ? zoneIds(layout, target).indexOf(overItem.itemId) : -1;
    if (overItem?.itemId === item.id) return;
    add(item, target, index >= 0 ? index : undefined);
  };

  const inZone = (zone: Zone) => zoneIds(layout, zone).flatMap((id) => byId.get(id) ?? []);
  const unplaced = palette.filter((item) => !zoneOf(layout, item.id));
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'Press space or enter to pick up, the arrow keys to move to rows, columns or values, space or enter to drop, escape to cancel.',
        },
      }}
    >
      <Stack gap="sm">
        <PaletteArea items={unplaced} onAdd={(item, zone) => add(item, zone)} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {ZONES.map((zone) => (
            <DropZone
              key={zone}
              zone={zone}
              items={inZone(zone)}
              error={errors[zone]}
              onRemove={(id) => onChange(remove(layout, id))}
            />
          ))}
        </SimpleGrid>
      </Stack>
      <DragOverlay>
        {dragged && (
          <Badge size="lg" variant="filled" tt="none" leftSection={<Grip />}>
            {dragged.label}
          </Badge>
        )}
      </DragOverlay>
    </DndContext>
  );
}
