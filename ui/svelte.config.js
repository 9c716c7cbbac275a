// Svelte's compiler settings; its accessibility checks run in `npm run check`.
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
};
