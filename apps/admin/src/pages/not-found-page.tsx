import { MissingPage } from '../components/missing-page';

export function NotFoundPage() {
  return <MissingPage />;
}
