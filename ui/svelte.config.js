import { basename } from 'node:path';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Scoped styles are marked with a class named after the component
    // (`dg-storylist`) instead of a hash of its CSS, so the desk drawn before
    // Svelte runs (src/first/first-desk.ts) can carry the same classes. Component
    // file names are unique in ui/src.
    cssHash: ({ filename }) => `dg-${basename(filename, '.svelte').toLowerCase()}`,
  },
};
