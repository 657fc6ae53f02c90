// The residents' mobile web (H5) at /m/: Vue, its router and i18n, plain HTML and CSS.
import { createApp } from 'vue'
import App from './App.vue'
import { setUnauthorizedHandler } from '../api/http'
import { i18n } from './i18n'
import { router } from './router'
import { clearSession, session } from './session'
import './m.css'

// A session that ends (expired, logged out elsewhere) sends the resident to log in again,
// back to the page they were on afterwards.
setUnauthorizedHandler(() => {
  if (!session.account) return
  clearSession()
  const current = router.currentRoute.value
  if (current.name !== 'login') router.push({ name: 'login', query: { redirect: current.fullPath } })
})

document.documentElement.lang = i18n.global.locale.value
createApp(App).use(i18n).use(router).mount('#app')
