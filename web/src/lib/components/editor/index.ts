export { default as Editor } from './editor.svelte';
