// What a web module contributes to the app: its pages (routes), its menu entries and its
// messages in both languages. One list (src/modules/index.ts) names every module; the
// router, the layout's menu and i18n are assembled from it, so adding a module adds its
// folder and one line to that list, nothing else.
import type { RouteRecordRaw } from 'vue-router'

/** Nested message objects; leaves are strings. */
export interface MessageTree {
  [key: string]: string | MessageTree
}

export interface MenuEntry {
  /** The name of one of the module's routes; the entry links to it and takes its permission. */
  route: string
  /** i18n key of the label, e.g. 'menu.members'. */
  label: string
  /** An icon of @element-plus/icons-vue, by name. */
  icon: string
}

export interface WebModule {
  name: string
  /** Pages inside the main layout (paths relative to '/'). */
  routes?: RouteRecordRaw[]
  /** Pages outside the main layout (the login page). */
  publicRoutes?: RouteRecordRaw[]
  /** Menu entries, in the order they appear; modules appear in the order of the list. */
  menu?: MenuEntry[]
  /** Messages merged into the app's; zh-CN and en have exactly the same keys (a test checks). */
  messages: { 'zh-CN': MessageTree; en: MessageTree }
}

/** Declares a module (checks its shape at compile time). */
export function defineModule(m: WebModule): WebModule {
  return m
}
