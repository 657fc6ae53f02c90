// errorText bound to the component's i18n: `const errorText = useErrorText()` in setup.
import { useI18n } from 'vue-i18n'
import { errorText } from '../api/errors'

export function useErrorText(): (e: unknown) => string {
  const { t, te } = useI18n()
  return (e) => errorText(e, { t: (key, named) => (named ? t(key, named) : t(key)), te: (key) => te(key) })
}
