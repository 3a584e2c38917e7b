import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { HealthResponse as Health, LoginResponse as LoginResult, UserResponse as User } from '@herald/contracts';

export const login = (email: string, password: string) => api.post<LoginResult>('/auth/login', { email, password });
export const fetchMe = () => api.get<User>('/auth/me');

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: () => api.get<Health>('/health'),
    refetchInterval: 30_000,
    retry: false,
  });
}
