// Who is signed in to the residents' app: the session (any account, GET /api/auth/me) and,
// for a resident account, their profile (GET /api/residents/me).
import { reactive } from 'vue'
import { ApiError, http } from '../api/http'
import { mApi, type Resident } from './api'

interface AccountMe {
  user: { id: number; username: string; display_name: string }
}

export const session = reactive({
  checked: false,
  account: null as AccountMe['user'] | null,
  resident: null as Resident | null,
})

/** Loads the session once (again with `force`); whether someone is signed in. */
export async function loadSession(force = false): Promise<boolean> {
  if (session.checked && !force) return session.account !== null
  try {
    session.account = (await http.get<AccountMe>('/api/auth/me')).user
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    session.account = null
  }
  session.resident = null
  if (session.account) {
    try {
      session.resident = await mApi.me()
    } catch (e) {
      // An account that is no resident (staff trying the app) has no resident profile.
      if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 403)) throw e
    }
  }
  session.checked = true
  return session.account !== null
}

export function clearSession(): void {
  session.account = null
  session.resident = null
  session.checked = true
}
