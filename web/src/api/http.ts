// The one HTTP client of the web app: JSON in and out, cookies for the session, and every
// failure turned into an ApiError carrying the server's error code, message and field.

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly field?: string,
    /** A 429's Retry-After, in seconds: how long before trying again makes sense. */
    public readonly retryAfterS?: number,
  ) {
    super(message)
  }
}

export interface Page<T> {
  items: T[]
  total: number
}

type UnauthorizedHandler = () => void
let onUnauthorized: UnauthorizedHandler = () => {}

/** Called when a request that needed a session got 401 (the session expired). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler
}

/** Sends a file as the body; a 422 with a body (import problems) is returned, not thrown. */
export async function requestWithBody<T>(method: string, path: string, body: Blob): Promise<{ status: number; data: T }> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': body.type || 'application/octet-stream' },
      body,
    })
  } catch {
    throw new ApiError(0, 'network_error', '网络连接失败 / network error')
  }
  const text = await response.text()
  let data: unknown
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  const err = (data as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error
  if (!response.ok && (response.status !== 422 || !data)) {
    if (response.status === 401) onUnauthorized()
    throw new ApiError(response.status, err?.code ?? 'http_' + response.status, err?.message ?? response.statusText, err?.field)
  }
  return { status: response.status, data: data as T }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers = { ...init.headers, 'Content-Type': 'application/json' }
  }
  let response: Response
  try {
    response = await fetch(path, init)
  } catch {
    throw new ApiError(0, 'network_error', '网络连接失败 / network error')
  }
  const text = await response.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }
  if (!response.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string } })?.error
    const retryAfter = Number(response.headers.get('Retry-After'))
    const apiError = new ApiError(
      response.status,
      err?.code ?? 'http_' + response.status,
      err?.message ?? response.statusText,
      err?.field,
      retryAfter > 0 ? retryAfter : undefined,
    )
    if (response.status === 401 && path !== '/api/auth/login') onUnauthorized()
    throw apiError
  }
  return data as T
}

export const http = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
}

/** Builds "?a=1&b=x" from the defined, non-empty entries of `params`. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? '?' + parts.join('&') : ''
}
