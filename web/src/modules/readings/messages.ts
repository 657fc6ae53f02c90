// The readings module's messages: zh-CN first, en with exactly the same keys (a unit test checks).
export const zhCN = {
  readings: {
    reading: '学习材料',
    thisSession: '本次学习',
    notTracked: '账号未关联党员档案，不记录学习时长',
    myStudy: '我的学习（{year}年）',
    minutes: '分钟',
    sessions: '次',
    materials: '篇材料',
    readers: '党员学习情况',
    readersSummary: '{readers} 名党员学习 {sessions} 次，共 {minutes} 分钟',
    member: '党员',
  },
  errors: {
    no_member: '账号未关联党员，无法记录学习',
  },
}

export const en: typeof zhCN = {
  readings: {
    reading: 'Study material',
    thisSession: 'This session',
    notTracked: 'This account is not linked to a member record: reading time is not recorded',
    myStudy: 'My study ({year})',
    minutes: 'minutes',
    sessions: 'sessions',
    materials: 'materials',
    readers: "Members' study",
    readersSummary: '{readers} members, {sessions} sessions, {minutes} minutes in all',
    member: 'Member',
  },
  errors: {
    no_member: 'Your account is not linked to a member record',
  },
}
