// @vitest-environment node
// The client against a real HTTP server on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApiError, query, request, setUnauthorizedHandler } from './http'

let server: Server
let base = ''
const seen: { method?: string; type?: string; body?: string }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      seen.push({ method: req.method, type: req.headers['content-type'], body })
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      if (req.url === '/ok') return res.end(JSON.stringify({ items: [1], total: 1 }))
      if (req.url === '/unauth') {
        res.statusCode = 401
        return res.end(JSON.stringify({ error: { code: 'unauthenticated', message: '未登录 / not logged in' } }))
      }
      if (req.url === '/later') {
        res.statusCode = 429
        res.setHeader('Retry-After', '42')
        return res.end(JSON.stringify({ error: { code: 'code_too_soon', message: '请稍后 / wait' } }))
      }
      if (req.url === '/bad') {
        res.statusCode = 400
        return res.end(JSON.stringify({ error: { code: 'invalid_field', message: '缺少字段 / missing', field: 'name' } }))
      }
      res.statusCode = 502
      res.end('<html>gateway</html>')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('request', () => {
  it('returns parsed JSON and sends JSON bodies', async () => {
    const page = await request<{ total: number }>('POST', base + '/ok', { a: '党建' })
    expect(page.total).toBe(1)
    expect(seen.at(-1)).toEqual({ method: 'POST', type: 'application/json', body: '{"a":"党建"}' })
  })
  it('turns error bodies into ApiError with code and field', async () => {
    const err = await request('GET', base + '/bad').catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid_field', field: 'name' })
  })
  it("carries a 429's Retry-After, so a countdown can start from it", async () => {
    const err = await request('POST', base + '/later', {}).catch((e) => e)
    expect(err).toMatchObject({ status: 429, code: 'code_too_soon', retryAfterS: 42 })
    const other = (await request('GET', base + '/bad').catch((e) => e)) as ApiError
    expect(other.retryAfterS).toBeUndefined()
  })
  it('survives a non-JSON error page', async () => {
    const err = await request('GET', base + '/gateway').catch((e) => e)
    expect(err).toMatchObject({ status: 502, code: 'http_502' })
  })
  it('reports a 401 so the app can send the user to the login page', async () => {
    let called = 0
    setUnauthorizedHandler(() => called++)
    await request('GET', base + '/unauth').catch(() => undefined)
    expect(called).toBe(1)
  })
  it('reports an unreachable server as a network error', async () => {
    const err = await request('GET', 'http://127.0.0.1:1/nothing').catch((e) => e)
    expect(err).toMatchObject({ status: 0, code: 'network_error' })
  })
})

describe('helpers', () => {
  it('builds query strings from the set values only', () => {
    expect(query({ q: '张 三', page: 2, empty: '', none: undefined })).toBe('?q=%E5%BC%A0%20%E4%B8%89&page=2')
    expect(query({})).toBe('')
  })
})
