// Every web module, in menu order. Adding a module: create src/modules/<name>/index.ts
// (its routes, menu entries and messages) and add it here; no other shared file changes.
import type { WebModule } from './types'
import home from './home'
import orgs from './orgs'
import members from './members'
import units from './units'
import meetings from './meetings'
import readings from './readings'
import centers from './centers'
import tickets from './tickets'
import residents from './residents'
import centerfigures from './centerfigures'
import imports from './imports'
import accounts from './accounts'
import audit from './audit'
import auth from './auth'
import errors from './errors'

export const modules: WebModule[] = [
  home,
  orgs,
  members,
  units,
  meetings,
  readings,
  centers,
  tickets,
  residents,
  centerfigures,
  imports,
  accounts,
  audit,
  auth,
  errors,
]
