import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { FieldResponse as Field, ProfileResponse as Profile } from '@herald/contracts';
import type { FieldValue, ProfileInput } from '../../api/profiles';
import { ApiErrorAlert, issueAt } from '../../components/api-error-alert';
import { FieldValueInput } from './field-value-input';

/** The addresses and field values of a profile, to create one or change one. */
export function ProfileForm({
  fields,
  profile,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  fields: Field[];
  profile?: Profile;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit(input: ProfileInput): void;
  onCancel?: () => void;
}) {
  const [email, setEmail] = useState(profile?.email ?? '');
  const [mobile, setMobile] = useState(profile?.mobile ?? '');
  const [fax, setFax] = useState(profile?.fax ?? '');
  const [values, setValues] = useState<Record<string, FieldValue>>(profile?.values ?? {});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ email: email.trim() || null, mobile: mobile.trim() || null, fax: fax.trim() || null, values });
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        <ApiErrorAlert error={error} title="Could not save the profile" />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={issueAt(error, 'email')}
          />
          <TextInput
            label="Mobile"
            type="tel"
            value={mobile}
            onChange={(e) => setMobile(e.currentTarget.value)}
            error={issueAt(error, 'mobile')}
          />
          <TextInput
            label="Fax"
            type="tel"
            value={fax}
            onChange={(e) => setFax(e.currentTarget.value)}
            error={issueAt(error, 'fax')}
          />
        </SimpleGrid>
        {fields.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {fields.map((field) => (
              <FieldValueInput
                key={field.id}
                field={field}
                value={values[field.name]}
                onChange={(value) => setValues({ ...values, [field.name]: value })}
                error={issueAt(error, `values.${field.name}`)}
              />
            ))}
          </SimpleGrid>
        )}
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
