import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig, searchForWorkspaceRoot } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves web/dist; `npm run dev` proxies the API to a running `jiceng serve`.
// Two entries: the administrators' app (index.html, Element Plus) and the residents' mobile
// web at /m/ (m/index.html → dist/m/index.html, no Element Plus; budget: scripts/m-bundle-size.mjs).
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        m: fileURLToPath(new URL('./m/index.html', import.meta.url)),
      },
      output: {
        manualChunks: {
          // Rollup's CommonJS helper (a few lines) sits with Vue, which both apps load: left to
          // itself it lands in element-plus' chunk, and the residents' map (Leaflet is CommonJS)
          // would load all of Element Plus for it.
          vue: ['vue', 'vue-router', 'pinia', 'vue-i18n', '\0commonjsHelpers.js'],
          'element-plus': ['element-plus', '@element-plus/icons-vue'],
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  server: {
    // A worktree's node_modules may be a link into another checkout: files imported from it
    // with ?raw (the map backdrop) are then outside the project, and served only if allowed.
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), realpathSync(fileURLToPath(new URL('./node_modules', import.meta.url)))] },
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
})
