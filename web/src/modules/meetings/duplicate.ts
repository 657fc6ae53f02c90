// A second meeting of a type in its period (409 duplicate_in_period) is usually the same
// meeting entered twice: the secretary is asked, and the request is sent again with
// confirm_duplicate only when they say so. Used by recording (MeetingsPage) and editing
// (MeetingDetail: a plan becoming a meeting held, or a meeting moved to another day).
import { ElMessageBox } from 'element-plus'
import { ApiError } from '../../api/http'
import { i18n } from '../../i18n'

/** Sends with `confirm_duplicate` false, then, after a yes, true; null when the answer is no. */
export async function sendAskingOnDuplicate<T>(type: string, send: (confirmDuplicate: boolean) => Promise<T>): Promise<T | null> {
  try {
    return await send(false)
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'duplicate_in_period') throw e
    const t = i18n.global.t
    const yes = await ElMessageBox.confirm(e.message, t('meetings.duplicateAsk', { type: t('meetings.types.' + type) }), {
      confirmButtonText: t('meetings.recordAnyway'),
      cancelButtonText: t('common.cancel'),
      type: 'warning',
    })
      .then(() => true)
      .catch(() => false)
    return yes ? send(true) : null
  }
}
