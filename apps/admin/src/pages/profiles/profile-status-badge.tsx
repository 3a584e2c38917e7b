import { Badge } from '@mantine/core';
import type { ProfileResponse as Profile } from '@herald/contracts';

export function ProfileStatusBadge({ profile }: { profile: Pick<Profile, 'unsubscribedAt' | 'disabledAt'> }) {
  if (profile.disabledAt)
    return (
      <Badge color="red" variant="light">
        Disabled
      </Badge>
    );
  if (profile.unsubscribedAt)
    return (
      <Badge color="orange" variant="light">
        Unsubscribed
      </Badge>
    );
  return (
    <Badge color="teal" variant="light">
      Active
    </Badge>
  );
}
