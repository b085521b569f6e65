export { default as Terminal } from './terminal.svelte';
