// Time spent reading a material: counts only while the page is visible (a phone in a
// pocket or a tab in the background is not studying), capped as the server caps a session.

export const MAX_SESSION_SECONDS = 4 * 3600

export class ReadingClock {
  readonly startedAtMs: number
  private countedMs = 0
  private since: number | null

  constructor(nowMs: number) {
    this.startedAtMs = nowMs
    this.since = nowMs
  }

  pause(nowMs: number): void {
    if (this.since === null) return
    this.countedMs += Math.max(0, nowMs - this.since)
    this.since = null
  }

  resume(nowMs: number): void {
    if (this.since === null) this.since = nowMs
  }

  get running(): boolean {
    return this.since !== null
  }

  /** Whole seconds read so far. */
  seconds(nowMs: number): number {
    const ms = this.countedMs + (this.since === null ? 0 : Math.max(0, nowMs - this.since))
    return Math.min(MAX_SESSION_SECONDS, Math.floor(ms / 1000))
  }

  /** The session's start as the API takes it: ISO 8601 in Asia/Shanghai, "…+08:00". */
  startedAt(): string {
    return new Date(this.startedAtMs + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00'
  }
}
