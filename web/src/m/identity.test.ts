import { describe, expect, it } from 'vitest'
import { citizenIdCheck, citizenIdProblem, maskCitizenId, normalizeCitizenId } from './identity'

// GB 11643's own example (a Beijing number ending in X) and one ending in a digit.
const BEIJING = '11010519491231002X'
const SHENZHEN = '440305198604120019'

describe("a resident's ID number in the member link", () => {
  it('computes the GB 11643 check character', () => {
    expect(citizenIdCheck(BEIJING.slice(0, 17))).toBe('X')
    expect(citizenIdCheck(SHENZHEN.slice(0, 17))).toBe(SHENZHEN[17])
  })
  it('accepts a valid number typed with spaces or a small x', () => {
    expect(normalizeCitizenId(' 110105 19491231 002x ')).toBe(BEIJING)
    expect(citizenIdProblem('110105 19491231 002x')).toBeNull()
    expect(citizenIdProblem(SHENZHEN)).toBeNull()
  })
  it('catches a typo before it is sent: a wrong length or a wrong digit', () => {
    expect(citizenIdProblem('44030519860412001')).toBe('length')
    expect(citizenIdProblem('44030519860412001A')).toBe('length')
    expect(citizenIdProblem('440305198604120015')).toBe('check')
    // Two digits swapped: the weighted check sees it.
    expect(citizenIdProblem('440305198640120019')).toBe('check')
  })
  it('masks all but the first two and the last character, as the server does', () => {
    expect(maskCitizenId(BEIJING)).toBe('11***************X')
    expect(maskCitizenId('440305 198604120019')).toBe('44***************9')
    expect(maskCitizenId(SHENZHEN)).not.toContain('19860412')
  })
})
