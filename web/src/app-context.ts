import { createContext, useContext } from 'react';
import type { Api } from './api.ts';

export interface AppContextValue {
  readonly api: Api;
  /** Staff ids seen as owners of open cases: the choices for the owner filter and for reassigning. */
  readonly owners: readonly string[];
  readonly addOwners: (owners: readonly string[]) => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppContext.Provider>');
  return value;
}
