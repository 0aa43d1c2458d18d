import { mount } from 'svelte';
import './styles/app.css';
import App from './App.svelte';
import { applyTheme, loadTheme } from './lib/theme';

// The theme is applied before the first paint so a dark desk never flashes white.
applyTheme(loadTheme());

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
