import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login as requestLogin } from '../api/auth';
import { onUnauthorized, tokenStore } from '../api/client';
import type { UserResponse as User } from '@herald/contracts';

interface AuthState {
  token: string | null;
  user: User | undefined;
  loadingUser: boolean;
  /** Why the logged-in user could not be loaded (not a 401: that logs out). */
  userError: unknown;
  reloadUser(): void;
  login(email: string, password: string): Promise<User>;
  logout(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(() => tokenStore.get());

  const me = useQuery({
    queryKey: ['auth', 'me', token],
    queryFn: fetchMe,
    enabled: token !== null,
    retry: false,
    staleTime: Infinity,
  });

  const logout = useCallback(() => {
    tokenStore.clear();
    setToken(null);
    // Another user may log in next: nothing of this one's may stay in the cache.
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => onUnauthorized(logout), [logout]);

  const login = useCallback(
    async (email: string, password: string) => {
      const result = await requestLogin(email, password);
      tokenStore.set(result.token);
      queryClient.setQueryData(['auth', 'me', result.token], result.user);
      setToken(result.token);
      return result.user;
    },
    [queryClient],
  );

  const value = useMemo<AuthState>(
    () => ({
      token,
      user: me.data,
      loadingUser: token !== null && me.isPending,
      userError: me.error,
      reloadUser: () => void me.refetch(),
      login,
      logout,
    }),
    [token, me, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>');
  return state;
}
