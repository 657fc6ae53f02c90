// The audit module's messages: zh-CN first, en with exactly the same keys (a unit test checks).
export const zhCN = {
  menu: {
    audit: '审计日志',
  },
  audit: {
    title: '审计日志',
    time: '时间',
    actor: '操作人',
    action: '操作',
    entity: '对象',
    org: '组织',
    requestId: '请求编号',
    before: '变更前',
    after: '变更后',
    filterWords: '按操作或对象查找（如 新建、登录、组织名称）',
    detail: '详情',
    hideDetail: '收起',
    range: '时间范围',
    start: '开始日期',
    end: '结束日期',
    search: '查询',
    chainNote: '审计日志只可追加，逐条哈希链接，可用 jiceng audit verify 校验完整性。',
  },
}

export const en: typeof zhCN = {
  menu: {
    audit: 'Audit log',
  },
  audit: {
    title: 'Audit log',
    time: 'Time',
    actor: 'Actor',
    action: 'Action',
    entity: 'Entity',
    org: 'Organization',
    requestId: 'Request id',
    before: 'Before',
    after: 'After',
    filterWords: 'Find by action or target (e.g. sign in, create, an organization)',
    detail: 'Details',
    hideDetail: 'Hide',
    range: 'Time range',
    start: 'Start date',
    end: 'End date',
    search: 'Search',
    chainNote: 'The audit log is append-only and hash-chained; check it with `jiceng audit verify`.',
  },
}
