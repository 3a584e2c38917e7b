import { useParams } from 'react-router';

/** A numeric id from the route; NaN makes the API answer 404, which the page shows. */
export function useIdParam(name: string): number {
  const params = useParams();
  return Number(params[name]);
}
