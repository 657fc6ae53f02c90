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
    templateHint:
      '请按模板填写：第1行为表头，第2行“【示例】”行不会导入；Excel 模板含“填写说明”页和下拉选项；支持 .xlsx 与 CSV（UTF-8 或 GB18030）',
    file: '文件',
    check: '检查文件',
    apply: '确认导入',
    restart: '重新选择',
    clean: '检查通过：{n} 行均无问题，可以导入',
    noRows: '文件中没有数据行：请从第3行起每行填写一条记录（第2行的示例不会导入）',
    applied: '已导入 {n} 行',
    problems: '{rows} 行有问题，共 {n} 个问题（共检查 {total} 行）。请修改后重新检查；有问题时不会导入任何数据',
    truncated: '仅列出前 {n} 个问题',
    download: '下载问题清单',
    problemsFile: '导入问题清单',
    row: '行',
    rowN: '第 {n} 行',
    column: '列',
    value: '填写内容',
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
    templateHint:
      'Fill in the template: row 1 is the header; the 【示例】 example row is never imported. The Excel template has an instructions sheet (填写说明) and drop-down lists. .xlsx and CSV (UTF-8 or GB18030)',
    file: 'File',
    check: 'Check the file',
    apply: 'Import',
    restart: 'Start over',
    clean: 'All {n} rows are fine: ready to import',
    noRows: 'The file has no data rows: fill one record per row from row 3 (the example in row 2 is not imported)',
    applied: '{n} rows imported',
    problems:
      '{rows} rows with problems, {n} problems in all ({total} rows checked). Fix them and check again: nothing is imported while there are problems',
    truncated: 'Only the first {n} problems are listed',
    download: 'Download the problems',
    problemsFile: 'import-problems',
    row: 'Row',
    rowN: 'Row {n}',
    column: 'Column',
    value: 'Value',
    message: 'Problem',
  },
}
