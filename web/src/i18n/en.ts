// English. Every key of zh-CN must exist here, and no other (the type and a unit test check).
import type zhCN from './zh-CN'

const en: typeof zhCN = {
  app: {
    name: 'Jiceng',
    title: 'Smart Party-Building & Grassroots Governance',
    language: 'Language',
  },
  menu: {
    toggle: 'Menu',
  },
  user: {
    changePassword: 'Change password',
    logout: 'Log out',
    loggedOut: 'Logged out',
  },
  roles: {
    city_admin: 'City administrator',
    district_admin: 'District administrator',
    street_admin: 'Street administrator',
    community_admin: 'Community administrator',
    branch_secretary: 'Branch secretary',
    member: 'Party member',
    resident: 'Resident',
    security_admin: 'Security administrator',
    auditor: 'Auditor',
    pii_exporter: 'Personal-data export grant',
  },
  common: {
    ok: 'OK',
    cancel: 'Cancel',
    save: 'Save',
    refresh: 'Refresh',
    loading: 'Loading…',
    noData: 'No data',
    total: '{n} in total',
    back: 'Back to home',
  },
  errors: {
    store_conflict: 'The data was being changed at the same time; please try again in a moment',
    network_error: 'Network error; check your connection and retry',
    unauthenticated: 'Not logged in, or the session expired; please sign in again',
    cross_site_request: 'Cross-site request refused',
    method_not_allowed: 'Method not allowed',
    route_not_found: 'No such API endpoint',
    bad_path: 'Invalid path',
    bad_request: 'Malformed HTTP request',
    body_too_large: 'Request body too large',
    headers_too_large: 'Request headers too large',
    malformed_json: 'The request body is not valid JSON',
    unsupported_media_type: 'The request body must be application/json',
    version_conflict: 'Changed by someone else meanwhile; reload and retry',
    duplicate: 'Already exists',
    reference_missing: 'A referenced record does not exist',
    store_unavailable: 'The store is unavailable; retry later',
    internal_error: 'Internal server error',
    future_date: 'The date cannot be in the future',
    org_dissolved: 'The organization is dissolved',
    unknown_kind: 'Unknown organization kind',
    separation_of_duties: 'Security admin, auditor and business roles must be held by different accounts',
    pii_export_not_granted: 'Full personal-data exports need a city or district administrator holding the pii_exporter grant',
    pii_key_missing: 'No personal-data key configured',
    pii_unreadable: 'Personal data cannot be decrypted (data or key mismatch)',
  },
}

export default en
