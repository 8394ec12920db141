import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The SSR bundle for the embedded engine: one self-contained script (no imports, no Node
// built-ins), React's production build, browser flavour of react-dom/server (`webworker`
// target), minified.
export default defineConfig({
  plugins: [react()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  ssr: { noExternal: true, target: 'webworker' },
  build: {
    ssr: 'src/ssr-embedded.tsx',
    outDir: 'ssr-embedded',
    emptyOutDir: true,
    copyPublicDir: false,
    minify: true,
    target: 'es2020',
    rollupOptions: {
      output: { format: 'iife', entryFileNames: 'ssr.js', codeSplitting: false },
    },
  },
})
