import { defineConfig, type Plugin } from 'vite';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// dist/.keep is committed so that go:embed compiles before the first build;
// the build empties dist/, so put it back.
const keepPlaceholder: Plugin = {
  name: 'keep-dist-placeholder',
  closeBundle() {
    writeFileSync(fileURLToPath(new URL('./dist/.keep', import.meta.url)), '');
  },
};

// The workbench is served by `mosaic serve` from the embedded dist/ at /.
// No CDN, no external fonts: everything is bundled.
export default defineConfig({
  plugins: [keepPlaceholder],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
