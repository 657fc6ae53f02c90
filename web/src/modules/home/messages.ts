// The home module's messages: zh-CN first, en with exactly the same keys (a unit test checks).
export const zhCN = {
  menu: {
    home: '首页',
  },
  home: {
    welcome: '欢迎，{name}',
    scope: '我的管辖范围',
    roles: '我的角色',
    noScope: '您的账号尚未被授予任何组织范围内的角色，请联系安全管理员。',
    children: '下级组织',
    childCount: '下级组织数',
    empty: '暂无下级组织',
    figures: {
      title: '关键数据',
      members: '党员',
      orgs: '党组织',
      held: '{period} 已开 / 应开会议',
      overdue: '逾期未开',
      attendance: '本季度参会率',
      study: '{year} 年学习时长',
      hours: '{n} 小时',
    },
  },
}

export const en: typeof zhCN = {
  menu: {
    home: 'Home',
  },
  home: {
    welcome: 'Welcome, {name}',
    scope: 'My scope',
    roles: 'My roles',
    noScope: 'Your account holds no role on any organization yet. Ask a security administrator.',
    children: 'Child organizations',
    childCount: 'Children',
    empty: 'No child organizations',
    figures: {
      title: 'Key figures',
      members: 'Party members',
      orgs: 'Party organizations',
      held: 'Meetings held / due, {period}',
      overdue: 'Overdue',
      attendance: 'Attendance this quarter',
      study: 'Study time in {year}',
      hours: '{n} h',
    },
  },
}
