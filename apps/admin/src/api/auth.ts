import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Health, LoginResult, User } from './types';

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
