import { Group, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useDatabases, useProfiles } from '../../api/databases';

const idOf = (value: string | null): number | null => (value ? Number(value) : null);

function ProfileSelect({
  databaseId,
  value,
  onChange,
}: {
  databaseId: number;
  value: number | null;
  onChange(id: number | null): void;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const profiles = useProfiles(databaseId, 1, 20, debounced);
  const data = (profiles.data?.items ?? []).map((p) => ({
    value: String(p.id),
    label: p.email || p.mobile || `Profile ${p.id}`,
  }));
  return (
    <Select
      label="Profile"
      placeholder="Search by email"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The API searches; the options are already the matches.
      filter={({ options }) => options}
      nothingFoundMessage={profiles.isFetching ? 'Searching…' : 'No profile matches'}
      data={data}
      value={value === null ? null : String(value)}
      onChange={(next) => onChange(idOf(next))}
      style={{ flex: 1 }}
    />
  );
}

/** Chooses a profile to render a document for: first its database, then the profile by email. */
export function ProfilePicker({
  profileId,
  onChange,
}: {
  profileId: number | null;
  onChange(id: number | null): void;
}) {
  const databases = useDatabases();
  const [databaseId, setDatabaseId] = useState<number | null>(null);
  return (
    <Group align="flex-end" gap="sm" wrap="nowrap">
      <Select
        label="Database"
        placeholder="Choose"
        data={(databases.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
        value={databaseId === null ? null : String(databaseId)}
        onChange={(next) => {
          setDatabaseId(idOf(next));
          onChange(null);
        }}
        w={180}
      />
      {databaseId !== null && (
        <ProfileSelect key={databaseId} databaseId={databaseId} value={profileId} onChange={onChange} />
      )}
    </Group>
  );
}
