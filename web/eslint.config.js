// ESLint: TypeScript and Vue (eslint-plugin-vue's recommended rules, typescript-eslint's
// recommended rules). Formatting is Prettier's job (web/.prettierrc, `npx prettier --check .`),
// so the rules it owns are off here (@vue/eslint-config-prettier/skip-formatting).
import pluginVue from 'eslint-plugin-vue'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'
import skipFormatting from '@vue/eslint-config-prettier/skip-formatting'

export default defineConfigWithVueTs(
  { name: 'jiceng/files', files: ['**/*.{ts,mts,vue,js,mjs}'] },
  { name: 'jiceng/ignores', ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'src/api/schema.d.ts'] },
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  {
    name: 'jiceng/node-scripts',
    files: ['scripts/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  skipFormatting,
)
