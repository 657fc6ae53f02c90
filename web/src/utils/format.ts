// Display helpers. The server sends ISO 8601 times with the +08:00 offset; everything is
// shown in Asia/Shanghai whatever the browser's own zone.

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** "2024-08-15 19:30:00" in Shanghai time, or "—" for nothing. */
export function formatTime(iso: string | number | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  const parts = Object.fromEntries(shanghai.formatToParts(d).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** A Date picked in the UI (Shanghai calendar day) as ISO 8601 with +08:00. */
export function shanghaiDayStart(date: Date): string {
  const y = date.getFullYear()
  const m = String(date.getMonth() + 1).padStart(2, '0')
  const d = String(date.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}T00:00:00+08:00`
}

/** Mirrors the server's password policy so that the form can say what is missing. */
export function passwordProblems(password: string, username = ''): string[] {
  const problems: string[] = []
  if ([...password].length < 10) problems.push('length')
  let classes = 0
  if (/[a-z]/.test(password)) classes++
  if (/[A-Z]/.test(password)) classes++
  if (/[0-9]/.test(password)) classes++
  if (/[^a-zA-Z0-9]/.test(password)) classes++
  if (classes < 3) problems.push('classes')
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('username')
  return problems
}
