// The auth module's messages: zh-CN first, en with exactly the same keys (a unit test checks).
export const zhCN = {
  login: {
    title: '用户登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    failed: '登录失败',
    hint: '首次使用：运行 make run 后终端会显示演示账号和一次性密码',
    sessionExpired: '会话已过期，请重新登录',
  },
  password: {
    title: '修改密码',
    old: '原密码',
    new: '新密码',
    confirm: '确认新密码',
    mismatch: '两次输入的新密码不一致',
    policy: '至少10位，含大写字母、小写字母、数字、符号中的至少3类，且不含用户名',
    problem: {
      length: '至少10位',
      classes: '需包含大写、小写、数字、符号中的至少3类',
      username: '不能包含用户名',
    },
    changed: '密码已修改，其他设备上的登录已失效',
  },
  errors: {
    invalid_credentials: '用户名或密码错误',
    wrong_password: '原密码不正确',
    password_reused: '新密码不能与原密码相同',
  },
}

export const en: typeof zhCN = {
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    usernameRequired: 'Enter your username',
    passwordRequired: 'Enter your password',
    failed: 'Sign-in failed',
    hint: 'First run: `make run` prints the demo accounts and their one-time passwords',
    sessionExpired: 'Your session expired; please sign in again',
  },
  password: {
    title: 'Change password',
    old: 'Current password',
    new: 'New password',
    confirm: 'Confirm new password',
    mismatch: 'The new passwords do not match',
    policy: '10+ characters from 3 of: upper case, lower case, digits, symbols; not the username',
    problem: {
      length: 'at least 10 characters',
      classes: '3 of: upper case, lower case, digits, symbols',
      username: 'must not contain the username',
    },
    changed: 'Password changed; sessions on other devices were signed out',
  },
  errors: {
    invalid_credentials: 'Wrong username or password',
    wrong_password: 'The current password is wrong',
    password_reused: 'The new password must differ from the current one',
  },
}
