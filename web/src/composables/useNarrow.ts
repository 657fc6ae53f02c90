// Whether the screen is a phone's: lists turn into cards at this width and below.
import { onBeforeUnmount, ref, type Ref } from 'vue'

/** The width (CSS px) at and below which list pages show cards instead of tables. */
export const NARROW_MAX_WIDTH = 600

/** True while the viewport is at most NARROW_MAX_WIDTH wide; follows rotation and resizing. */
export function useNarrow(): Ref<boolean> {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(`(max-width: ${NARROW_MAX_WIDTH}px)`) : null
  const narrow = ref(query?.matches ?? false)
  if (query) {
    const update = (e: MediaQueryListEvent) => (narrow.value = e.matches)
    query.addEventListener('change', update)
    onBeforeUnmount(() => query.removeEventListener('change', update))
  }
  return narrow
}
