/** Missed meetings grouped by type, for the workbench and the reminders: the periods in
 * order and the earliest deadline, the types in the order their first miss came. */
export interface MissedGroup {
  type: string
  periods: string[]
  deadline: string
}

export function groupByType(items: readonly { type: string; period: string; deadline: string }[]): MissedGroup[] {
  const groups = new Map<string, MissedGroup>()
  for (const i of [...items].sort((a, b) => a.deadline.localeCompare(b.deadline))) {
    const g = groups.get(i.type)
    if (g) g.periods.push(i.period)
    else groups.set(i.type, { type: i.type, periods: [i.period], deadline: i.deadline })
  }
  return [...groups.values()]
}
