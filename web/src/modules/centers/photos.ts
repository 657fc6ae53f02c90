// The rules of a center's photos, checked in the browser before anything is sent (the server
// checks them again: service/center_service.h, kMaxPhotoBytes and kMaxPhotos).
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
export const MAX_PHOTOS = 12

/** The server's error code for what is wrong with a file, or null. */
export type PhotoProblem = 'photo_type' | 'photo_too_large' | 'too_many_photos'

const EXTENSIONS: Record<string, (typeof PHOTO_TYPES)[number]> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
}

/** A file's image type: the browser's, or from the name's ending when the browser gives none. */
export function photoType(file: { type: string; name: string }): string {
  if (file.type) return file.type.toLowerCase()
  return EXTENSIONS[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? ''
}

export interface PhotoPlan<F> {
  /** The files to send, in the order chosen. */
  send: F[]
  /** The files left out, each with why. */
  refused: { file: F; problem: PhotoProblem }[]
}

/**
 * Which of the chosen files to upload to a center that has `count` photos: the JPEG, PNG and
 * WebP files of at most 5 MB, as many as the 12 allow; the rest refused with the reason.
 */
export function planUpload<F extends { type: string; name: string; size: number }>(files: F[], count: number): PhotoPlan<F> {
  const plan: PhotoPlan<F> = { send: [], refused: [] }
  let room = Math.max(0, MAX_PHOTOS - count)
  for (const file of files) {
    let problem: PhotoProblem | null = null
    if (!(PHOTO_TYPES as readonly string[]).includes(photoType(file))) problem = 'photo_type'
    else if (file.size > MAX_PHOTO_BYTES) problem = 'photo_too_large'
    else if (room === 0) problem = 'too_many_photos'
    if (problem) plan.refused.push({ file, problem })
    else {
      plan.send.push(file)
      room--
    }
  }
  return plan
}

/** The photo's id from its URL (/api/centers/{id}/photos/{photo_id}). */
export function photoIdOf(url: string): number {
  return Number(/\/photos\/(\d+)$/.exec(url)?.[1] ?? NaN)
}

/** "1.2 MB", "340 KB": a file's size for people. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + ' MB'
  return Math.max(1, Math.round(bytes / 1024)) + ' KB'
}
