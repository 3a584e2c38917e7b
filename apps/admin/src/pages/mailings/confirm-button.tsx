import { Button, Group, Modal, Stack, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert';

interface ConfirmButtonProps {
  label: string;
  title: string;
  confirmLabel: string;
  children: ReactNode;
  color?: string;
  variant?: ButtonProps['variant'];
  leftSection?: ReactNode;
  pending: boolean;
  error: unknown;
  onConfirm(close: () => void): void;
  onOpen?(): void;
}

/** A button for a step that cannot be taken back: it says what will happen and asks first. */
export function ConfirmButton({
  label,
  title,
  confirmLabel,
  children,
  color,
  variant,
  leftSection,
  pending,
  error,
  onConfirm,
  onOpen,
}: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button
        color={color}
        variant={variant}
        leftSection={leftSection}
        onClick={() => {
          onOpen?.();
          open();
        }}
      >
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title}>
        <Stack>
          {children}
          <ApiErrorAlert error={error} title={`Could not ${label.toLowerCase()}`} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Back
            </Button>
            <Button color={color} loading={pending} onClick={() => onConfirm(close)}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
