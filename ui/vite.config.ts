// Vite builds the UI into ui/dist, which the desktop app embeds. The dev server serves the
// same files for `tauri dev`; nothing here loads anything from the network.
/// <reference types="node" />
import { readFileSync, readdirSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

/**
 * Puts pdf.js's data into the built app under `pdfjs/`, where src/lib/pdf.ts points pdf.js:
 * the fonts a PDF may name without embedding them, character maps, colour profiles and image
 * decoders. Not the script sandbox (`quickjs-eval`): a PDF's scripts are never run.
 */
function pdfjsData(): Plugin {
  const pdfjs = new URL("./node_modules/pdfjs-dist/", import.meta.url);
  return {
    name: "carryall-pdfjs-data",
    apply: "build",
    generateBundle() {
      for (const folder of ["standard_fonts", "cmaps", "iccs", "wasm"]) {
        for (const name of readdirSync(new URL(`${folder}/`, pdfjs))) {
          if (name.startsWith("quickjs")) continue;
          const source = readFileSync(new URL(`${folder}/${name}`, pdfjs));
          this.emitFile({ type: "asset", fileName: `pdfjs/${folder}/${name}`, source });
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [svelte(), pdfjsData()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
    // pdf.js (about 540 kB, loaded only when a document's original is shown) is one chunk.
    chunkSizeWarningLimit: 600,
  },
});
