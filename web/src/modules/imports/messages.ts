// The imports module's messages: zh-CN first, en with exactly the same keys (a unit test checks).
export const zhCN = {
  menu: {
    imports: '批量导入',
  },
  imports: {
    title: '批量导入',
    stepFile: '选择文件',
    stepCheck: '检查',
    stepApply: '导入',
    kind: '导入内容',
    kinds: {
      members: '党员',
      units: '单位',
    },
    template: '导入模板',
    templateHint: '请按模板填写，第1行为表头；支持 .xlsx 与 CSV（UTF-8 或 GB18030）',
    file: '文件',
    check: '检查文件',
    apply: '确认导入',
    restart: '重新选择',
    clean: '检查通过：{n} 行均无问题，可以导入',
    applied: '已导入 {n} 行',
    problems: '发现 {n} 处问题（共 {rows} 行），请修改后重新检查；有问题时不会导入任何数据',
    row: '行',
    column: '列',
    message: '问题',
  },
}

export const en: typeof zhCN = {
  menu: {
    imports: 'Import',
  },
  imports: {
    title: 'Import',
    stepFile: 'Choose a file',
    stepCheck: 'Check',
    stepApply: 'Import',
    kind: 'Import',
    kinds: {
      members: 'Members',
      units: 'Units',
    },
    template: 'Template',
    templateHint: 'Fill in the template; row 1 is the header. .xlsx and CSV (UTF-8 or GB18030)',
    file: 'File',
    check: 'Check the file',
    apply: 'Import',
    restart: 'Start over',
    clean: 'All {n} rows are fine: ready to import',
    applied: '{n} rows imported',
    problems: '{n} problems in {rows} rows: fix them and check again. Nothing is imported while there are problems',
    row: 'Row',
    column: 'Column',
    message: 'Problem',
  },
}
