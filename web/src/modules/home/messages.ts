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
    modulesSoon: '组织、党员、组织生活等业务模块将陆续上线。',
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
    modulesSoon: 'Organizations, members and organizational life modules are on their way.',
  },
}
