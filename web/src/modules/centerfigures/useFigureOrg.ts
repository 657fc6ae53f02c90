// The organization both figures pages show, kept in the URL (?org=) so a drill-down is a
// step the browser's back button undoes and a link opens the same figures. Without one, the
// user's scope (its first root). The trail runs from the user's scope down to it.
import { computed, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useSession } from '../../stores/session'
import { orgsApi } from '../orgs/api'
import { trailFromScope } from './figures'

export interface Crumb {
  id: number
  name: string
}

export function useFigureOrg() {
  const route = useRoute()
  const router = useRouter()
  const session = useSession()
  const org = computed<number | undefined>(() => Number(route.query.org) || session.me?.scope[0]?.id)
  const crumbs = ref<Crumb[]>([])

  watch(
    org,
    async (id) => {
      if (!id) return void (crumbs.value = [])
      const scope = new Set((session.me?.scope ?? []).map((o) => o.id))
      const own = session.me?.scope.find((o) => o.id === id)
      crumbs.value = [{ id, name: own?.name ?? '' }]
      if (own) return
      try {
        const o = await orgsApi.get(id)
        if (org.value !== id) return
        crumbs.value = trailFromScope([...o.ancestors.map((a) => ({ id: a.id, name: a.name })), { id, name: o.name }], scope)
      } catch {
        // Unknown or out of scope: the page shows the figures' own error.
      }
    },
    { immediate: true },
  )

  /** Opens `id`'s figures, keeping the rest of the query (the period, the proposals). */
  function go(id: number | undefined) {
    if (!id || id === org.value) return
    router.push({ query: { ...route.query, org: String(id) } })
  }
  return { org, crumbs, go }
}
