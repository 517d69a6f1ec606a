import { render } from 'preact';
import '../ui/recital.css';
import '../ui/kind-badge.css';
import '../ui/popup.css';
import './check.css';
import { CheckApp } from './check-app';

render(<CheckApp />, document.getElementById('app') as HTMLElement);
