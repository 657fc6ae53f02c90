// Writes a members import file (the template's columns) with N rows of valid, distinct
// synthetic people spread over the given branches, for the import benchmark.
//   node bench/gen-members-csv.mjs ROWS BRANCH_IDS_FILE OUT.csv
import { createWriteStream, readFileSync } from 'node:fs'

const [rows, branchFile, out] = process.argv.slice(2)
const n = Number(rows)
const branches = readFileSync(branchFile, 'utf8').split('\n').filter(Boolean)
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const checks = '10X98765432'
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹'
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华红建国文辉鹏飞玲燕波宁海峰志斌'
const w = createWriteStream(out)
w.write('姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织ID,人员类别,入党日期,转正日期,工作单位,是否深户\n')
let seed = 12345
const rand = (m) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % m)
for (let i = 0; i < n; i++) {
  // Distinct IDs: the birth date walks through 1950–2000 and the sequence number through 000–999.
  const day = Math.floor(i / 1000) % 18250
  const birth = new Date(Date.UTC(1950, 0, 1) + day * 86400000)
  const ymd = birth.toISOString().slice(0, 10)
  const seq = String(i % 1000).padStart(3, '0')
  const district = ['440303', '440304', '440305', '440306', '440307'][Math.floor(i / 18250000) % 5]
  const first17 = district + ymd.replaceAll('-', '') + seq
  let sum = 0
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * weights[k]
  const id = first17 + checks[sum % 11]
  const male = Number(seq[2]) % 2 === 1
  const name = surnames[rand(surnames.length)] + given[rand(given.length)] + given[rand(given.length)]
  const joined = `${Number(ymd.slice(0, 4)) + 25}-07-01`
  const mobile = '139' + String(i).padStart(8, '0')
  const branch = branches[i % branches.length]
  w.write(`${name},${male ? '男' : '女'},汉族,${ymd},${id},${mobile},大学本科,${branch},正式党员,${joined},,某科技公司,是\n`)
}
w.end()
