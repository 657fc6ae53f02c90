import { describe, expect, it } from 'vitest'
import { menuFor } from './index'
import { compatibleRoles } from '../modules/accounts/api'

describe('menu', () => {
  it('shows only the modules the user may open', () => {
    const none = menuFor(() => false).map((m) => m.name)
    expect(none).toEqual(['home', 'orgs', 'units', 'meetings'])
    const auditor = menuFor((p) => p === 'read_audit').map((m) => m.name)
    expect(auditor).toEqual(['home', 'orgs', 'units', 'meetings', 'audit'])
    const security = menuFor((p) => p === 'manage_accounts').map((m) => m.name)
    expect(security).toEqual(['home', 'orgs', 'units', 'meetings', 'accounts', 'tokens'])
    const secretary = menuFor((p) => p === 'manage_members').map((m) => m.name)
    // Residence review goes with managing members, as the server checks it.
    expect(secretary).toEqual(['home', 'orgs', 'members', 'transfers', 'units', 'meetings', 'residents', 'imports'])
    // The modules' own permissions, by their codes (/api/auth/me's module_permissions).
    const desk = menuFor((p) => p === 'centers.serve').map((m) => m.name)
    expect(desk).toEqual(['home', 'orgs', 'units', 'meetings', 'ticket-record', 'tickets', 'center-stats'])
    const planner = menuFor((p) => p === 'centers.manage').map((m) => m.name)
    expect(planner).toEqual(['home', 'orgs', 'units', 'meetings', 'centers', 'center-coverage'])
  })
})

describe('role choices keep the three administrators apart', () => {
  it('offers business roles only, and none to a security administrator or an auditor', () => {
    // The security administrator's and the auditor's accounts are the operator's (the API refuses them).
    expect(compatibleRoles([])).toHaveLength(8)
    expect(compatibleRoles([])).not.toContain('security_admin')
    expect(compatibleRoles([])).not.toContain('auditor')
    // The full-export grant is a business role: it goes with an administrator's, never a security one's.
    expect(compatibleRoles(['city_admin'])).toContain('pii_exporter')
    expect(compatibleRoles(['security_admin'])).toEqual([])
    expect(compatibleRoles(['auditor'])).toEqual([])
    expect(compatibleRoles(['member'])).not.toContain('auditor')
    expect(compatibleRoles(['member'])).toContain('street_admin')
  })
})
