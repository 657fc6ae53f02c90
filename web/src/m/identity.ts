// A resident's citizen ID number (公民身份号码, GB 11643) as the member link asks for it: checked
// on the phone before it is sent (a typo costs no try), and masked once sent. The server
// checks it fully (birth date, area code) and words what is wrong; this only catches typos.
// The number is never written to storage: it lives in the form while the resident types.

/** The number as the server reads it: spaces dropped, a final x upper-cased. */
export function normalizeCitizenId(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase()
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

/** The check character (ISO 7064 MOD 11-2, GB 11643) of the first 17 digits. */
export function citizenIdCheck(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * WEIGHTS[i], 0)
  return '10X98765432'[sum % 11]
}

export type CitizenIdProblem = 'length' | 'check'

/** What is wrong with a typed number (normalized first), or null when it may be sent. */
export function citizenIdProblem(text: string): CitizenIdProblem | null {
  const n = normalizeCitizenId(text)
  if (!/^\d{17}[\dX]$/.test(n)) return 'length'
  return citizenIdCheck(n.slice(0, 17)) === n[17] ? null : 'check'
}

/** "44***************X": the first two and the last character, as the server masks it. */
export function maskCitizenId(text: string): string {
  const n = normalizeCitizenId(text)
  if (n.length < 8) return '*'.repeat(n.length)
  return n.slice(0, 2) + '*'.repeat(n.length - 3) + n.slice(-1)
}
