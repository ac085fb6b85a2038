import { createContext, useContext } from 'react';
import type { StaffView } from '../../functions/core/inbox/views.ts';
import type { Api } from './api.ts';

export interface AppContextValue {
  readonly api: Api;
  /** Staff ids seen as owners of open cases: the choices for the owner filter. */
  readonly owners: readonly string[];
  readonly addOwners: (owners: readonly string[]) => void;
  /** The roster (GET /api/staff), who a case can be reassigned to; undefined until it has loaded. */
  readonly staff: readonly StaffView[] | undefined;
  /** Why the roster could not be read, if it could not. */
  readonly staffError: unknown;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppContext.Provider>');
  return value;
}
