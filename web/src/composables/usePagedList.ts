// Server-side paging for list pages: rows, total, loading, page/size, and error toasts.
import { ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError, type Page } from '../api/http'
import { useErrorText } from './useErrorText'

export function usePagedList<T>(fetchPage: (page: number, size: number) => Promise<Page<T>>, size = 20) {
  const errorText = useErrorText()
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  const page = ref(1)
  const pageSize = ref(size)

  async function load() {
    loading.value = true
    try {
      const result = await fetchPage(page.value, pageSize.value)
      rows.value = result.items
      total.value = result.total
    } catch (e) {
      if (e instanceof ApiError) ElMessage.error(errorText(e))
    } finally {
      loading.value = false
    }
  }
  /** Back to the first page with the current filters. */
  function search() {
    page.value = 1
    return load()
  }
  return { rows, total, loading, page, pageSize, load, search }
}

/** What usePagedList returns: the state PagedList shows and pages through. */
export type PagedListState<T> = ReturnType<typeof usePagedList<T>>
