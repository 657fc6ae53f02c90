// The error pages' messages (403, 404). The texts for the server's error codes are shared: src/i18n.
export const zhCN = {
  errorPages: {
    forbiddenTitle: '无权访问',
    forbidden: '您没有访问此页面的权限。',
    notFoundTitle: '页面不存在',
    notFound: '您访问的页面不存在或已被移除。',
  },
}

export const en: typeof zhCN = {
  errorPages: {
    forbiddenTitle: 'Forbidden',
    forbidden: 'You are not allowed to see this page.',
    notFoundTitle: 'Page not found',
    notFound: 'The page does not exist or has been removed.',
  },
}
