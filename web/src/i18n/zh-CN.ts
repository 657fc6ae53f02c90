// Simplified Chinese: the default language. Only what every page shares lives here (the
// shell, common words, roles, the texts of the server's generic error codes); each module's
// own messages live in its folder (src/modules/<module>/messages.ts) and are merged in by
// src/i18n/index.ts from the list in src/modules/index.ts.
export default {
  app: {
    name: '基层',
    title: '智慧党建与基层治理平台',
    language: '语言',
  },
  menu: {
    toggle: '菜单',
    label: '主菜单',
  },
  user: {
    changePassword: '修改密码',
    logout: '退出登录',
    loggedOut: '已退出登录',
  },
  roles: {
    city_admin: '市级管理员',
    district_admin: '区级管理员',
    street_admin: '街道管理员',
    community_admin: '社区管理员',
    branch_secretary: '支部书记',
    member: '党员',
    resident: '居民',
    security_admin: '安全管理员',
    auditor: '安全审计员',
    pii_exporter: '个人信息导出授权',
  },
  orgPicker: {
    label: '选择党组织',
    placeholder: '输入名称、拼音首字母或区划代码',
    typeToSearch: '输入名称、拼音首字母（如 zgsq）或区划代码查找',
    none: '管辖范围内没有匹配的组织',
    browse: '逐级',
    search: '搜索',
  },
  common: {
    ok: '确定',
    cancel: '取消',
    save: '保存',
    refresh: '刷新',
    loading: '加载中…',
    noData: '暂无数据',
    total: '共 {n} 条',
    back: '返回首页',
    actions: '操作',
    details: '详情',
    pageSize: '每页条数',
    perPage: '{n} 条/页',
  },
  // errors.<code>: the text shown for the error code the server (or the client) gives.
  // Codes whose server message names specifics (which field, which record, how many
  // minutes) have no entry here: the server's own message is shown for them.
  errors: {
    store_conflict: '数据正被同时修改，请稍后重试',
    network_error: '网络连接失败，请检查网络后重试',
    unauthenticated: '未登录或会话已过期，请重新登录',
    cross_site_request: '拒绝跨站请求',
    method_not_allowed: '不支持该请求方法',
    route_not_found: '接口不存在',
    bad_path: '非法的请求路径',
    bad_request: '无法解析的HTTP请求',
    body_too_large: '请求体过大',
    headers_too_large: '请求头过大',
    malformed_json: '请求体不是合法的JSON',
    unsupported_media_type: '请求体须为 application/json',
    version_conflict: '数据已被他人修改，请刷新后重试',
    duplicate: '记录已存在',
    reference_missing: '引用的记录不存在',
    store_unavailable: '数据库暂不可用，请稍后重试',
    internal_error: '服务器内部错误',
    future_date: '日期不能晚于今天',
    org_dissolved: '该组织已撤销',
    unknown_kind: '未知的组织类别',
    separation_of_duties: '三员分立：安全管理员、审计员与业务角色不能由同一账号兼任',
    pii_export_not_granted: '导出完整个人信息须由市、区级管理员持有单独的“个人信息导出”授权',
    pii_key_missing: '未配置个人信息加密密钥',
    pii_unreadable: '个人信息无法解密（数据或密钥不符）',
  },
}
