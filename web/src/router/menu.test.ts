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
    expect(secretary).toEqual(['home', 'orgs', 'members', 'transfers', 'units', 'meetings', 'imports'])
  })
})

describe('role choices keep the three administrators apart', () => {
  it('offers only roles of the class already held', () => {
    expect(compatibleRoles([])).toHaveLength(10)
    // The full-export grant is a business role: it goes with an administrator's, never a security one's.
    expect(compatibleRoles(['city_admin'])).toContain('pii_exporter')
    expect(compatibleRoles(['security_admin'])).not.toContain('pii_exporter')
    expect(compatibleRoles(['security_admin'])).toEqual(['security_admin'])
    expect(compatibleRoles(['auditor'])).toEqual(['auditor'])
    expect(compatibleRoles(['member'])).not.toContain('auditor')
    expect(compatibleRoles(['member'])).toContain('street_admin')
  })
})
