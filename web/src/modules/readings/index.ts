// Reading time on study materials: no page of its own (its views sit in the meetings and
// home pages), only messages.
import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'readings',
  messages: { 'zh-CN': zhCN, en },
})
