// The page's first script: applies the theme, then loads the app (main.ts).
// Kept small: everything here runs before the window's first frame.
import './styles/app.css';
import { applyTheme, loadTheme } from './lib/theme';

// The theme is applied before the first paint so a dark desk never flashes white.
applyTheme(loadTheme());

void import('./main');
